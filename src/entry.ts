// The process boundary: real streams, real clock, real signals.
import { ExitCode } from './errors/errors.ts';
import { closableOutput, OutputClosed, processOutput, type IO, type OutStream } from './terminal/io.ts';
import { run } from './main.ts';

const SHOW_CURSOR = '\u001B[?25h';
const controller = new AbortController();

// The first Ctrl-C aborts the request and lets the command end tidily (exit 130, what was
// printed stays); a second one leaves at once.
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts === 1) {
    controller.abort();
    return;
  }
  if (process.stderr.isTTY) process.stderr.write(SHOW_CURSOR);
  process.exit(ExitCode.interrupted);
});

// A reader that goes away (`| head -1`) is not an error: stop writing, stop streaming, end quietly.
// Without these listeners Node reports EPIPE with a stack trace. Both outputs are made on first use,
// and into a pipe or file they write to the descriptor without Node's stream objects (terminal/io.ts).
const stop = (): void => controller.abort(new OutputClosed());
let stdout: OutStream | undefined;
let stderr: OutStream | undefined;
const io: IO = {
  get stdout() {
    return (stdout ??= processOutput(1, () => closableOutput(process.stdout, stop), stop));
  },
  get stderr() {
    return (stderr ??= processOutput(2, () => process.stderr.on('error', () => {}), () => {}));
  },
  // process.stdin is made on first touch, and making it loads a good part of Node's stream and tty
  // machinery: only commands that read stdin (create, config) should pay for that.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
};

// No top-level await: the bundle's chunks are loaded as classic scripts (bin/tfy-llm.js).
void run(process.argv.slice(2), {
  io,
  now: Date.now,
  cwd: process.cwd(),
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
});
