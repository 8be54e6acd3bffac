// A request body written to a file (request-body.ts), as the Blob the openai client sends: a Blob passes
// through the client verbatim and, unlike a stream, can be sent again when the client retries.
import { open } from 'node:fs/promises';

const CHUNK_BYTES = 256 * 1024;

/**
 * A file-backed Blob (size, type, text() are the real file's) whose stream() reads the file in plain
 * chunks: Node's own stream of a file-backed Blob allocates about 1.4 times the file in buffers that only
 * a full garbage collection gives back. upload.ts reads `path` itself, reusing one buffer.
 */
export class FileBody extends Blob {
  readonly path: string;

  constructor(path: string, file: Blob) {
    super([file], { type: file.type });
    this.path = path;
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const path = this.path;
    let position = 0;
    return new ReadableStream(
      {
        // One open per chunk: a stream abandoned half-way (an aborted request) leaves no file handle behind.
        async pull(controller) {
          const file = await open(path, 'r');
          try {
            // A fresh buffer each time: fetch holds on to what it was given until the bytes are sent.
            const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
            const { bytesRead } = await file.read(chunk, 0, chunk.length, position);
            if (bytesRead === 0) return controller.close();
            position += bytesRead;
            controller.enqueue(chunk.subarray(0, bytesRead));
          } finally {
            await file.close();
          }
        },
      },
      { highWaterMark: 0 },
    );
  }
}
