// Many small writes to a file through one reused buffer: a job's part files and id lists are written a
// line at a time, and a fresh string or Buffer per flush would be memory outside V8's heap that only a
// later garbage collection gives back (tens of MB for a large input). This keeps it to the one buffer.
import { open, type FileHandle } from 'node:fs/promises';

const BUFFER_BYTES = 256 * 1024;

export class BufferedFile {
  readonly #file: FileHandle;
  readonly #buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  #used = 0;

  private constructor(file: FileHandle) {
    this.#file = file;
  }

  /** A new private file (0600); `wx`: never one that is already there. */
  static async create(path: string, flags: 'wx' | 'w' = 'wx'): Promise<BufferedFile> {
    return new BufferedFile(await open(path, flags, 0o600));
  }

  async write(text: string): Promise<void> {
    // A string this long may not fit the buffer's room, whatever its encoding: written directly.
    if (text.length * 3 > BUFFER_BYTES - this.#used) {
      await this.flush();
      if (text.length * 3 > BUFFER_BYTES) {
        await this.#file.write(text);
        return;
      }
    }
    this.#used += this.#buffer.write(text, this.#used);
  }

  /** Writes through the file handle itself (a large attachment streamed in), after what is buffered. */
  async direct(write: (file: FileHandle) => Promise<void>): Promise<void> {
    await this.flush();
    await write(this.#file);
  }

  async flush(): Promise<void> {
    let offset = 0;
    while (offset < this.#used) offset += (await this.#file.write(this.#buffer, offset, this.#used - offset)).bytesWritten;
    this.#used = 0;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.#file.close();
    }
  }

  /** Closes without writing what is left (the file is being thrown away). */
  async discard(): Promise<void> {
    this.#used = 0;
    await this.#file.close().catch(() => undefined);
  }
}
