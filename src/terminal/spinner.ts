// The spinner on stderr while we wait for the gateway's first byte. Only for a person at a terminal:
// never with --json, never when stdout or stderr is a pipe. ora is loaded only when it will spin.
import { colorLevel, type IO, type OutStream } from './io.ts';
import { unscrubbed } from './secrets.ts';

export interface Spinner {
  /** Says something new while still spinning (a retry); nothing once stopped. */
  update(text: string): void;
  /** Clears the spinner and shows the cursor again; safe to call any number of times. */
  stop(): void;
}

const idle: Spinner = { update() {}, stop() {} };

export interface SpinnerOptions {
  json?: boolean | undefined;
  color?: boolean | undefined;
  /** --verbose writes its request lines to stderr, which a spinner would tear through. */
  verbose?: boolean | undefined;
}

/** A real terminal stream can move its cursor; an injected test stream that merely says isTTY cannot. */
function isTerminal(stream: OutStream): stream is OutStream & NodeJS.WriteStream {
  return stream.isTTY === true && typeof (stream as Partial<NodeJS.WriteStream>).cursorTo === 'function';
}

export function wantsSpinner(opts: SpinnerOptions, io: IO): boolean {
  if (opts.json || opts.verbose || io.stdout.isTTY !== true || !isTerminal(io.stderr) || io.env.TERM === 'dumb') return false;
  // A terminal that reports no size (0 columns: some CI and container ptys) makes ora's line
  // arithmetic loop forever.
  return (io.stderr.columns ?? 0) > 0;
}

export async function startSpinner(text: string, opts: SpinnerOptions, io: IO): Promise<Spinner> {
  const stream = unscrubbed(io.stderr);
  if (!wantsSpinner(opts, io) || !isTerminal(stream)) return idle;
  const { default: ora } = await import('ora');
  const spinner = ora({
    text,
    stream,
    color: colorLevel(stream, io.env, opts.color === false) > 0 ? 'cyan' : false,
    // Leave stdin alone: raw mode would swallow Ctrl-C instead of letting it interrupt the request.
    discardStdin: false,
    hideCursor: true,
    isEnabled: true,
  }).start();
  let spinning = true;
  return {
    update(text) {
      if (spinning) spinner.text = text;
    },
    stop() {
      if (!spinning) return;
      spinning = false;
      spinner.stop();
    },
  };
}
