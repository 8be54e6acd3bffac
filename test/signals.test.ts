// The built binary at the process boundary: tokens reach a pipe as they stream, Ctrl-C (SIGINT)
// aborts and exits 130 keeping what was printed, and a closed pipe (`| head -c 10`) ends quietly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { cliCommand, startCli } from './helpers/child-cli.ts';
import { BIN, KEY, tempDir } from './helpers/run-cli.ts';

const envFor = (url: string) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY });
const FIRST_DELTA = '**Hello from the demo ';
// Long enough that nothing after the first delta can arrive while a test runs.
const PAUSE_MS = 120_000;

test('--stream in a pipe: the first delta is on stdout while the gateway still holds back the rest', async (t) => {
  const gw = await withGateway(t, { streamPauseMs: PAUSE_MS });
  const cli = startCli(['create', 'hi', '-m', 'p/slow-stream', '--stream'], envFor(gw.url));
  t.after(() => cli.child.kill('SIGKILL'));
  const first = await cli.waitForStdout((text) => text.length > 0);
  assert.equal(first, FIRST_DELTA);
  // The gateway stores the response just before its final event: it has not got that far.
  assert.equal(gw.responses('p').size, 0);
  assert.equal(cli.child.exitCode, null, 'still streaming');
});

test('SIGINT mid-stream aborts the request, keeps what was printed, and exits 130', async (t) => {
  const closed: string[] = [];
  const gw = await withGateway(t, { streamPauseMs: PAUSE_MS, log: (line) => closed.push(line) });
  const cli = startCli(['create', 'hi', '-m', 'p/slow-stream', '--stream'], envFor(gw.url));
  t.after(() => cli.child.kill('SIGKILL'));
  await cli.waitForStdout((text) => text.length > 0);
  cli.child.kill('SIGINT');
  const { code, signal } = await cli.exited;
  assert.deepEqual({ code, signal }, { code: 130, signal: null });
  assert.equal(cli.stdout(), FIRST_DELTA);
  assert.equal(cli.stderr(), 'error: interrupted\n');
  // The gateway saw the client go away mid-stream: the request was aborted, not left running.
  await waitFor(() => closed.some((line) => line.includes('(connection closed early)')));
});

test('SIGINT while waiting for a plain response aborts it too: exit 130, no stack trace', async (t) => {
  const gw = await withGateway(t, { slowMs: PAUSE_MS });
  const cli = startCli(['create', 'hi', '-m', 'p/slow', '--no-stream', '--verbose'], envFor(gw.url));
  t.after(() => cli.child.kill('SIGKILL'));
  await waitFor(() => gw.requests.length === 1);
  cli.child.kill('SIGINT');
  const { code } = await cli.exited;
  assert.equal(code, 130);
  assert.equal(cli.stdout(), '');
  // --verbose shows the request first; the interruption itself is one line, without a stack.
  assert.match(cli.stderr(), /^error: interrupted\n$/m);
  assert.doesNotMatch(cli.stderr(), /\n\s+at /);
});

test('| head -c 10 ends quietly: no EPIPE message, no stack trace, exit 0', async (t) => {
  const gw = await withGateway(t, { streamPauseMs: 300 });
  const dir = tempDir(t);
  for (const mode of [['--stream'], ['--stream', '--json'], ['--no-stream']]) {
    const err = join(dir, 'stderr');
    const status = join(dir, 'status');
    const pipeline = `${cliCommand(['create', 'hi', '-m', 'p/slow-stream', ...mode])} 2>'${err}' | head -c 10; echo "\${PIPESTATUS[0]}" >'${status}'`;
    // Async: the gateway answers from this very process.
    const stdout = await bash(pipeline, envFor(gw.url));
    assert.equal(stdout.length, 10, `${mode}: ${stdout}`);
    assert.equal(readFileSync(err, 'utf8'), '', `${mode}: nothing on stderr`);
    assert.equal(readFileSync(status, 'utf8').trim(), '0', `${mode}: exit status`);
  }
});

function bash(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

test('Ctrl-C works while stdout is a pipe nobody reads: a long output never blocks the process in a write', async (t) => {
  // 2 MB of prompt: the dry run prints it all, far more than the pipe and the reader's buffer hold.
  const prompt = 'lorem ipsum dolor '.repeat(120_000);
  const child = spawn(process.execPath, [BIN, 'create', '-', '-m', 'p/gpt-4o', '--dry-run'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TFY_LLM_CONFIG_DIR: tempDir(t), ...envFor('http://127.0.0.1:9/api/llm') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  child.stdin.end(prompt);
  // Read the first chunk, then stop reading: the pipe fills up and stays full.
  await new Promise((resolve) => child.stdout.once('data', resolve));
  child.stdout.pause();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Ctrl-C, again and again until it ends (the second one leaves at once; signals sent close together
  // to a process that has not run in between may merge into one).
  const ctrlC = setInterval(() => child.kill('SIGINT'), 200);
  t.after(() => clearInterval(ctrlC));
  child.kill('SIGINT');
  // A process stuck in write(2) would only end once the pipe is read again, which this test never does.
  const deadline = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 15_000).unref());
  assert.equal(await Promise.race([exited, deadline]), 130);
});

/** Runs the binary with stdout on the given descriptor; resolves with its exit code and stderr. */
function runWithStdout(t: TestContext, argv: string[], stdout: number, env: Record<string, string> = {}, shell?: string): Promise<{ code: number | null; stderr: string }> {
  const args = shell === undefined ? [BIN, ...argv] : ['-c', `${shell}; exec "$0" "$@"`, process.execPath, BIN, ...argv];
  const child = spawn(shell === undefined ? process.execPath : 'bash', args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TFY_LLM_CONFIG_DIR: tempDir(t), ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

test('output that cannot be written (a full disk) is exit 1 with one error line, never a quiet success', async (t) => {
  const full = openSync('/dev/full', 'w');
  t.after(() => closeSync(full));
  const version = await runWithStdout(t, ['--version'], full);
  assert.deepEqual(version, { code: 1, stderr: 'error: could not write the output: ENOSPC: no space left on device\n' });

  const gw = await withGateway(t);
  const json = await runWithStdout(t, ['create', 'hi', '-m', 'p/gpt-4o', '--json'], full, envFor(gw.url));
  assert.equal(json.code, 1);
  const [line, jsonLine] = json.stderr.trimEnd().split('\n');
  assert.equal(line, 'error: could not write the output: ENOSPC: no space left on device');
  assert.equal((JSON.parse(jsonLine ?? '') as { error: { type: string; exit_code: number } }).error.type, 'output_error');
});

test('delete of several ids: a reader going away is quiet (exit 0), a full disk is the write error, neither is "interrupted"', async (t) => {
  const gw = await withGateway(t);
  const env = envFor(gw.url);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const made = await runWithStdout(t, ['create', `hi ${i}`, '-m', 'p/gpt-4o', '--json'], 1, env);
    assert.equal(made.code, 0, made.stderr);
  }
  for (const response of gw.responses('p').keys()) ids.push(response);
  assert.equal(ids.length, 3);

  const full = openSync('/dev/full', 'w');
  t.after(() => closeSync(full));
  const toFull = await runWithStdout(t, ['delete', ...ids, '--provider', 'p'], full, env);
  assert.equal(toFull.code, 1, toFull.stderr);
  assert.equal(toFull.stderr, 'error: could not write the output: ENOSPC: no space left on device\n');

  // The reader takes nothing and goes away: the first write fails with EPIPE.
  const pipeline = spawn('bash', ['-c', `"$0" "$@" | head -c 0; echo "\${PIPESTATUS[0]}" >&2`, process.execPath, BIN, 'delete', 'resp_a', 'resp_b', '--provider', 'p'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TFY_LLM_CONFIG_DIR: tempDir(t), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  pipeline.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await new Promise((resolve) => pipeline.once('close', resolve));
  assert.doesNotMatch(stderr, /interrupted/);
  assert.match(stderr, /^(?:error: .*not found.*\n(?:hint: .*\n)?)*\d+\n$/, stderr);
});

test('a file cut short (over the file-size limit) is exit 1, not a truncated answer passed off as whole', async (t) => {
  const gw = await withGateway(t);
  const file = join(tempDir(t), 'answer.json');
  const fd = openSync(file, 'w');
  t.after(() => closeSync(fd));
  // ulimit -f 1: at most 1 KiB per file; the answer is longer.
  const prompt = 'word '.repeat(600);
  const result = await runWithStdout(t, ['create', prompt, '-m', 'p/gpt-4o', '--json'], fd, { ...envFor(gw.url), TFY_LLM_HISTORY: 'off' }, 'ulimit -f 1');
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^error: could not write the output: EFBIG: file too large\n/);
  assert.ok(statSync(file).size <= 1024);
});
