// The process's streams and environment, injected so commands run in-process in tests.

export type Env = Readonly<Record<string, string | undefined>>;

export interface OutStream {
  write(chunk: string): boolean;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  rows?: number | undefined;
  /** True once the reader went away (a closed pipe): further output is pointless. */
  destroyed?: boolean | undefined;
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
 * `| head -1` went away) it stops writing and says so through `destroyed`, which Node's own
 * process.stdout never sets.
 */
export function closableOutput(stream: NodeJS.WriteStream, onClosed: () => void): OutStream {
  let closed = false;
  stream.on('error', () => {
    if (closed) return;
    closed = true;
    onClosed();
  });
  return {
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

/** Everything a stream gives until it ends, as UTF-8 text. */
export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
