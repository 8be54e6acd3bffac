// Reading a file named on the command line: every way it can be wrong becomes a usage problem naming it.
import { constants, open as openDescriptor } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import { HEAD_BYTES } from './file-types.ts';
import { interruptedError } from '../errors/errors.ts';
import { problem } from '../errors/problems.ts';

export const MB = 1024 * 1024;

export interface ReadOptions {
  /** How the file was named, for messages: `--image`, `--schema`… */
  flag: string;
  maxBytes: number;
  /** Checks the first bytes before the rest is read; throws a usage problem if the file is the wrong kind. */
  checkHead?: (head: Buffer) => void;
  /** Ctrl-C: stops the wait for a FIFO's writer (exit 130). */
  signal?: AbortSignal | undefined;
}

/** The whole file, read once into one buffer of its exact size (no intermediate copies). */
export async function readLocalFile(path: string, options: ReadOptions): Promise<Buffer> {
  const piped = await namedPipe(path, options);
  if (piped) return piped;
  return withCheckedFile(path, options, (handle, size, head) =>
    // A regular file is read whole from the start; a pipe (e.g. `-i <(curl …)`) goes on after its head.
    size === undefined ? readStream(handle, head, `${options.flag} ${path}`, options.maxBytes) : readRegular(handle, size),
  );
}

/** A regular file that was checked (it exists, its size, its first bytes) but not read: it is sent from disk. */
export interface FileOnDisk {
  path: string;
  size: number;
}

/**
 * Like readLocalFile, but a regular file over `readUpTo` bytes is only checked, not read: holding a 20 MB
 * file and its base64 in memory is what made attachments costly (see request-body.ts).
 */
export async function checkLocalFile(path: string, options: ReadOptions & { readUpTo: number }): Promise<Buffer | FileOnDisk> {
  const piped = await namedPipe(path, options);
  if (piped) return piped;
  return withCheckedFile(path, options, async (handle, size, head) => {
    if (size === undefined) return readStream(handle, head, `${options.flag} ${path}`, options.maxBytes);
    return size > options.readUpTo ? { path, size } : readRegular(handle, size);
  });
}

const openAsync = promisify(openDescriptor);

/**
 * A FIFO (`mkfifo`, or `-i <(curl …)`), read whole; undefined for anything else. A plain open() of a
 * FIFO waits for a writer inside Node's thread pool, where nothing, not even exit, can stop it: so it
 * is opened without waiting and read through the event loop, where Ctrl-C (`signal`) ends the wait.
 */
async function namedPipe(path: string, options: ReadOptions): Promise<Buffer | undefined> {
  let isFifo = false;
  try {
    isFifo = (await stat(path)).isFIFO();
  } catch {
    return undefined; // open() below reports why
  }
  if (!isFifo) return undefined;
  const named = `${options.flag} ${path}`;
  let fd: number;
  try {
    fd = await openAsync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw problem(`${named}: ${openFailure(err)}`);
  }
  const socket = new Socket({ fd, readable: true, writable: false });
  const stop = (): void => void socket.destroy(interruptedError());
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of socket as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > options.maxBytes) throw tooLarge(named, undefined, options.maxBytes);
      chunks.push(chunk);
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    socket.destroy();
  }
  const bytes = Buffer.concat(chunks, total);
  if (bytes.length === 0) throw problem(`${named}: the file is empty`);
  options.checkHead?.(bytes.subarray(0, HEAD_BYTES));
  return bytes;
}

/** Opens, stats and checks the head of a file; `size` is undefined for a pipe, whose head was consumed. */
async function withCheckedFile<T>(
  path: string,
  options: ReadOptions,
  use: (handle: FileHandle, size: number | undefined, head: Buffer) => Promise<T>,
): Promise<T> {
  const { flag, maxBytes } = options;
  const named = `${flag} ${path}`;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw problem(`${named}: ${openFailure(err)}`);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw problem(`${named}: is a directory, not a file`);
    if (stat.isFile()) {
      if (stat.size === 0) throw problem(`${named}: the file is empty`);
      if (stat.size > maxBytes) throw tooLarge(named, stat.size, maxBytes);
    }
    const head = Buffer.alloc(Math.min(HEAD_BYTES, stat.isFile() ? stat.size : HEAD_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, stat.isFile() ? 0 : null);
    if (bytesRead === 0) throw problem(`${named}: the file is empty`);
    options.checkHead?.(head.subarray(0, bytesRead));
    return await use(handle, stat.isFile() ? stat.size : undefined, head.subarray(0, bytesRead));
  } catch (err) {
    if ((err as { code?: unknown }).code === 'EISDIR') throw problem(`${named}: is a directory, not a file`);
    if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string') throw problem(`${named}: ${openFailure(err)}`);
    throw err;
  } finally {
    await handle.close();
  }
}

async function readRegular(handle: FileHandle, size: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(size);
  let offset = 0;
  while (offset < size) {
    const { bytesRead } = await handle.read(bytes, offset, size - offset, offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  return offset === size ? bytes : bytes.subarray(0, offset);
}

async function readStream(handle: FileHandle, head: Buffer, named: string, maxBytes: number): Promise<Buffer> {
  const chunks = [Buffer.from(head)];
  let total = head.length;
  for (;;) {
    const chunk = Buffer.allocUnsafe(256 * 1024);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > maxBytes) throw tooLarge(named, undefined, maxBytes);
    chunks.push(chunk.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks, total);
}

/** `size` is undefined for a pipe, which is not read past the limit. */
function tooLarge(named: string, size: number | undefined, maxBytes: number) {
  const limit = `${Math.round(maxBytes / MB)} MB`;
  const what = size === undefined ? 'over' : `is ${formatMB(size)}, over`;
  return problem(`${named}: ${what} the ${limit} limit per file`, 'make it smaller, or pass an http(s) URL to it instead');
}

export function formatMB(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** The user's view of why a file could not be opened or read. */
export function openFailure(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'no such file (a part of the path is not a folder)';
    default:
      return `cannot be read (${typeof code === 'string' ? code : err instanceof Error ? err.message : String(err)})`;
  }
}
