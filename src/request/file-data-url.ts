// A data: URL too big to hold in memory. It stands in the request body where the URL goes, and
// request-body.ts writes the URL itself straight from the file into the body on disk, a chunk at a time.
import { open, type FileHandle } from 'node:fs/promises';
import { openFailure } from './local-file.ts';
import { problem } from '../errors/problems.ts';

export class FileDataUrl {
  readonly mediaType: string;
  readonly path: string;
  /** The size the file had when it was checked: it must not change before it is sent. */
  readonly size: number;
  /** How the file was named on the command line, for messages: `--image photo.png`. */
  readonly named: string;

  constructor(mediaType: string, path: string, size: number, named: string) {
    this.mediaType = mediaType;
    this.path = path;
    this.size = size;
    this.named = named;
  }

  prefix(): string {
    return `data:${this.mediaType};base64,`;
  }
}

// A multiple of 3 bytes, so the base64 of consecutive chunks joins with no padding in between. Small, so
// each chunk's base64 string is young garbage that a cheap scavenge clears: bigger strings pile up in memory.
const CHUNK_BYTES = 3 * 16 * 1024;

/**
 * Writes the URL as a JSON string, quotes included, exactly as JSON.stringify would write the whole URL
 * (base64 and the media type need no escaping). Never more than one chunk of the file is in memory.
 */
export async function writeDataUrl(out: FileHandle, source: FileDataUrl): Promise<void> {
  let file: FileHandle;
  try {
    file = await open(source.path, 'r');
  } catch (err) {
    throw problem(`${source.named}: ${openFailure(err)}`);
  }
  try {
    await out.write(`"${source.prefix()}`);
    // Both buffers are reused: a fresh buffer per chunk would be memory only a full GC gives back.
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, source.size));
    const encoded = Buffer.allocUnsafe(Math.ceil(chunk.length / 3) * 4);
    for (let offset = 0; offset < source.size; ) {
      const filled = await fill(file, chunk, Math.min(chunk.length, source.size - offset), offset);
      if (filled === 0) throw changed(source);
      await out.write(encoded, 0, encoded.write(chunk.toString('base64', 0, filled), 'latin1'));
      offset += filled;
    }
    if ((await file.stat()).size !== source.size) throw changed(source);
    await out.write('"');
  } finally {
    await file.close();
  }
}

/** Reads until `length` bytes are in or the file ends: a short read must not split a 3-byte group. */
async function fill(file: FileHandle, chunk: Buffer, length: number, position: number): Promise<number> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(chunk, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

function changed(source: FileDataUrl) {
  return problem(`${source.named}: the file changed after it was checked`, 'attach it again once nothing is writing to it');
}
