// A long batch restarts itself with a bounded V8 heap (src/heap-bound.ts): which command lines do, that
// the user's own heap flag wins, that the restarted process is the same one (pid, input, output), and
// that its code cache is kept apart from an unbounded run's (src/loader.ts flagsKey).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BOUNDED_HEAP_FLAGS, boundedHeapFlags } from '../src/heap-bound.ts';
import { flagsKey } from '../src/loader.ts';
import { readCommandLine } from '../src/program/argv.ts';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { BIN, scratchConfigDir, tempDir } from './helpers/run-cli.ts';

const wants = (argv: string[], execArgv: string[] = [], nodeOptions?: string, more: { major?: number; ipc?: boolean } = {}): readonly string[] | false =>
  boundedHeapFlags(readCommandLine(argv), { execArgv, nodeOptions, major: more.major ?? 24, ipc: more.ipc ?? false }) ?? false;
const { run: RUN, submit: SUBMIT } = BOUNDED_HEAP_FLAGS;

test('which command lines restart with the bounded heap', () => {
  assert.equal(wants(['batch', 'run', 'in.jsonl', '-o', 'out.jsonl']), RUN);
  assert.equal(wants(['batch', 'run', '-', '--dry-run']), RUN, 'a dry run reads the whole input too');
  assert.equal(wants(['batch', 'submit', 'in.jsonl', '--wait']), SUBMIT);
  assert.equal(wants(['--json', 'batch', 'run', 'in.jsonl']), RUN, 'root flags before the command');
  assert.deepEqual([RUN[0], SUBMIT[0]], ['--max-semi-space-size=16', '--max-semi-space-size=4']);
  for (const argv of [['batch', 'status', 'last'], ['batch', 'results'], ['batch', 'list'], ['batch'], ['create', 'hi'], ['chat'], ['batch', 'run', '--help'], ['help', 'batch', 'run'], ['batch', 'run', '-h'], []]) {
    assert.equal(wants(argv), false, argv.join(' '));
  }
  // The user's own semi-space size wins, from the command line or NODE_OPTIONS (0 is V8's default).
  assert.equal(wants(['batch', 'run', 'x'], ['--max-semi-space-size=64']), false);
  assert.equal(wants(['batch', 'run', 'x'], ['--max-semi-space-size', '64']), false);
  assert.equal(wants(['batch', 'run', 'x'], [], '--max-semi-space-size=0'), false);
  assert.equal(wants(['batch', 'run', 'x'], [], '--enable-source-maps  --max-semi-space-size=8'), false);
  assert.equal(wants(['batch', 'run', 'x'], [], '"--max-semi-space-size=8"'), false, 'quoted, as NODE_OPTIONS allows');
  assert.equal(wants(['batch', 'run', 'x'], [], '--max_semi_space_size=8'), false, 'with underscores, as Node allows');
  assert.equal(wants(['batch', 'run', 'x'], ['--max_semi_space_size=8']), false);
  assert.equal(wants(['batch', 'run', 'x'], ['--max-old-space-size=4096'], '--enable-source-maps'), RUN, 'other flags do not count');
  // A debugger or a parent's IPC channel would lose the process: no restart.
  for (const flag of ['--inspect', '--inspect=127.0.0.1:0', '--inspect-brk', '--inspect-wait=9229']) assert.equal(wants(['batch', 'run', 'x'], [flag]), false, flag);
  assert.equal(wants(['batch', 'run', 'x'], [], '--inspect'), false);
  assert.equal(wants(['batch', 'run', 'x'], [], undefined, { ipc: true }), false);
  // V8's own flag only for the Node majors it was measured on; Node's own flag for any.
  assert.equal(wants(['batch', 'run', 'x'], [], undefined, { major: 22 }), RUN);
  assert.deepEqual(wants(['batch', 'run', 'x'], [], undefined, { major: 26 }), ['--max-semi-space-size=16']);
  assert.deepEqual(wants(['batch', 'submit', 'x'], [], undefined, { major: 26 }), ['--max-semi-space-size=4']);
  // After the restart its own flags are there: it does not restart again.
  assert.equal(wants(['batch', 'run', 'x'], [...RUN]), false);
  assert.equal(wants(['batch', 'submit', 'x'], [...SUBMIT]), false);
});

test('the code cache key: none for a plain run, a stable one per set of flags', () => {
  assert.equal(flagsKey([]), '');
  assert.match(flagsKey(RUN), /^\.[0-9a-f]{8}$/);
  assert.equal(flagsKey([...RUN]), flagsKey(RUN));
  assert.notEqual(flagsKey(RUN), flagsKey(SUBMIT));
  assert.notEqual(flagsKey(['--max-semi-space-size=16']), flagsKey(['--max-semi-space-size=32']));
});

/** The command line of a running process (Linux), as Node's argv. */
const commandLineOf = (pid: number): string[] => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);

/** Starts a batch run against a gateway slow enough to look at it while it runs; its pid and its end. */
function startBatch(gw: FakeGateway, dir: string, extraEnv: Record<string, string> = {}): { pid: number; args: string[]; done: Promise<{ code: number | null; stderr: string }> } {
  const input = join(dir, 'in.txt');
  writeFileSync(input, 'one\ntwo\nthree\n');
  const args = [BIN, 'batch', 'run', input, '-o', join(dir, 'out.jsonl'), '-j', '1', '--json'];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), TFY_LLM_CONFIG_DIR: scratchConfigDir(), TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: 'tfy-demo-key', TFY_LLM_MODEL: 'p/gpt-4o', ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  assert.ok(child.pid !== undefined);
  return { pid: child.pid, args, done };
}

/** Waits until the gateway has a request in hand: the run has started sending, so any restart is behind it. */
async function sending(gw: FakeGateway): Promise<void> {
  while (gw.load.inFlight === 0 && gw.load.served === 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

const linux = process.platform === 'linux' && typeof process.execve === 'function';

test('batch run restarts in place with the bounded heap: same pid, every line answered, its cache apart', { skip: !linux && 'needs /proc and process.execve' }, async (t) => {
  const gw = await withGateway(t, { latencyMs: 150, record: false });
  const dir = tempDir(t);
  const run = startBatch(gw, dir);
  await sending(gw);
  const argv = commandLineOf(run.pid);
  assert.deepEqual(argv, [process.execPath, ...RUN, ...run.args], 'the flags, then the same command line');
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n');
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { custom_id: string }).custom_id).sort(), ['line-1', 'line-2', 'line-3']);
  // Made under other V8 flags, its cache files carry the flags' key (a plain run's would be rejected).
  const [build] = readdirSync(join(dir, 'cache', 'tfy-llm'));
  const files = readdirSync(join(dir, 'cache', 'tfy-llm', build ?? ''));
  assert.ok(files.length > 0 && files.every((f) => f.endsWith(`.batch${flagsKey(RUN)}`)), files.join(', '));
});

test('with a semi-space size of the user (NODE_OPTIONS), batch run does not restart', { skip: !linux && 'needs /proc and process.execve' }, async (t) => {
  const gw = await withGateway(t, { latencyMs: 150, record: false });
  const dir = tempDir(t);
  const run = startBatch(gw, dir, { NODE_OPTIONS: '--max-semi-space-size=0' });
  await sending(gw);
  const argv = commandLineOf(run.pid);
  assert.deepEqual(argv, [process.execPath, ...run.args]);
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.ok(existsSync(join(dir, 'out.jsonl')));
});
