// The process's streams and environment, injected so commands run in-process in tests.
import { fstatSync, statSync, writeSync } from 'node:fs';
import type { Secrets } from './secrets.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface OutStream {
  write(chunk: string): boolean;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  rows?: number | undefined;
  /** True once the reader went away (a closed pipe) or writing failed: further output is pointless. */
  destroyed?: boolean | undefined;
  /** Why writing failed, when it was not the reader going away (a full disk, a file too large). */
  failure?: Error | undefined;
}

/** The reason the run's signal is aborted with when stdout closes: not Ctrl-C, so not "interrupted". */
export class OutputClosed extends Error {
  constructor() {
    super('the output was closed');
    this.name = 'OutputClosed';
  }
}

/** A reader that went away is how a pipe ends (`| head -1`): the rest of the output is not wanted. */
function readerGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ECONNRESET';
}

export interface InStream extends AsyncIterable<Buffer | string> {
  isTTY?: boolean | undefined;
}

export interface IO {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Env;
}

export interface Deps {
  io: IO;
  /** Milliseconds since the epoch; injected so tests can fix the clock. */
  now: () => number;
  cwd: string;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal | undefined;
  /** The run's one set of secrets (secrets.ts): what is added is scrubbed from every output. */
  secrets?: Secrets | undefined;
}

export type ColorLevel = 0 | 1 | 2 | 3;

/** Decided once per stream: --no-color and NO_COLOR win, then FORCE_COLOR, then whether it is a terminal. */
export function colorLevel(stream: OutStream, env: Env, noColorFlag = false): ColorLevel {
  if (noColorFlag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as ColorLevel) : 1;
  }
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return /-256(color)?$/.test(env.TERM ?? '') ? 2 : 1;
}


/**
 * stdout as the process boundary hands it to commands: once a write fails (EPIPE: the reader of
 * `| head -1` went away; or ENOSPC, a full disk, reported through `failure`) it stops writing and
 * says so through `destroyed`, which Node's own process.stdout never sets.
 */
export function closableOutput(stream: NodeJS.WriteStream, onClosed: () => void): ByteOutput {
  let closed = false;
  let failure: Error | undefined;
  stream.on('error', (err) => {
    if (closed) return;
    closed = true;
    if (!readerGone(err)) failure = err;
    onClosed();
  });
  return {
    get failure() {
      return failure;
    },
    write: (chunk) => (closed ? false : stream.write(chunk)),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
    get rows() {
      return stream.rows;
    },
    get destroyed() {
      return closed;
    },
  };
}

/** An output that also takes bytes (a direct output's fallback gets the unwritten rest of a chunk). */
export type ByteOutput = OutStream & { write(chunk: string | Uint8Array): boolean };

/** The file-system calls a direct output makes; injected only by tests. */
export interface FdCalls {
  writeSync(fd: number, buffer: Uint8Array): number;
}

/**
 * An output that writes straight to a file, pipe or socket descriptor without building Node's stream
 * objects (net, stream, their tty checks): that alone is ~7 ms of a CLI's start-up, more than
 * everything tfy-llm itself does for `--help`.
 *
 * A blocking write cannot be interrupted: Ctrl-C would wait for the reader of a full pipe. So into a
 * pipe or socket only the first `limit` bytes go direct: one page, the least a pipe can hold (Linux
 * gives 64 KiB, macOS 16 KiB, a reader may shrink it to a page), which is the top-level help, an error
 * or a short answer; only a pipe that someone else has already filled could still block. From the
 * write that would pass it on, `fallback()` (Node's stream, non-blocking) takes this and every later
 * write, so order is kept. The same happens on EAGAIN (a descriptor someone made non-blocking). Any
 * other failure (EPIPE: the reader went away; ENOSPC…) closes the output like closableOutput does.
 */
export function directOutput(fd: number, fallback: () => ByteOutput, onClosed: () => void, fs: FdCalls, limit = Number.POSITIVE_INFINITY): OutStream {
  let closed = false;
  let stream: ByteOutput | undefined;
  let written = 0;
  let failure: Error | undefined;
  const close = (err: unknown): false => {
    if (!closed) {
      closed = true;
      if (!readerGone(err)) failure = err as Error;
      onClosed();
    }
    return false;
  };
  return {
    get failure() {
      return failure ?? stream?.failure;
    },
    write(chunk) {
      if (stream) return stream.write(chunk);
      if (closed) return false;
      const bytes = Buffer.from(chunk);
      if (written + bytes.length > limit) {
        stream = fallback();
        return stream.write(bytes);
      }
      let at = 0;
      try {
        while (at < bytes.length) at += fs.writeSync(fd, at === 0 ? bytes : bytes.subarray(at));
        written += bytes.length;
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return close(err);
        stream = fallback();
        return stream.write(bytes.subarray(at));
      }
    },
    isTTY: false,
    get destroyed() {
      return closed || stream?.destroyed === true;
    },
  };
}

/** How much goes direct into a pipe or socket before Node's stream takes over (see directOutput). */
export const PIPE_DIRECT_BYTES = 4 * 1024;

/**
 * stdout (1) or stderr (2) of this process: a direct output into a file or /dev/null (any amount), a
 * pipe or a socket (the first PIPE_DIRECT_BYTES), else (a terminal, another device, a closed
 * descriptor) what `stream()` makes of Node's own stream.
 */
export function processOutput(fd: 1 | 2, stream: () => ByteOutput, onClosed: () => void): OutStream {
  try {
    const stat = fstatSync(fd);
    // /dev/null (`> /dev/null`, common in scripts) is a character device like a terminal: told apart
    // by its device number.
    const devNull = stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev;
    if (stat.isFile() || devNull) return directOutput(fd, stream, onClosed, { writeSync });
    if (stat.isFIFO() || stat.isSocket()) return directOutput(fd, stream, onClosed, { writeSync }, PIPE_DIRECT_BYTES);
  } catch {
    // A closed descriptor: Node's stream knows how to deal with that.
  }
  return stream();
}

/** Everything a stream gives until it ends, as UTF-8 text. */
export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  return (await readAllBytes(stream)).toString('utf8');
}

/** Every byte of a stream, as one buffer. */
export async function readAllBytes(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
