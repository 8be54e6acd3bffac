// The process boundary: real streams, real clock, real signals.
import { run } from './main.ts';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

const code = await run(process.argv.slice(2), {
  io: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env },
  now: Date.now,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
