// Start-up stays lean: what a run loads is asserted, never how long it takes.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { BIN, runCli, spawnCli, tempDir } from './helpers/run-cli.ts';

const run = promisify(execFile);

/** A --require hook that writes the Node modules a process loaded, and a reader of that list. */
function moduleRecorder(dir: string): { hook: string; loaded: () => string[] } {
  const list = join(dir, 'modules.txt');
  const hook = join(dir, 'hook.cjs');
  writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`);
  const loaded = (): string[] => {
    const modules = readFileSync(list, 'utf8').split('\n');
    // What is absent from the list only counts if the list is there.
    assert.ok(modules.length > 50 && modules.includes('NativeModule fs'), `the hook recorded the run (${modules.length} modules)`);
    return modules;
  };
  return { hook, loaded };
}

test('the binary builds only the command it runs, yet its help is the full program\'s, word for word', async () => {
  // In-process runs come from source, where every command is built; the binary builds one.
  for (const argv of [['--help'], ['create', '--help'], ['config', '--help'], ['help', 'history']]) {
    const full = await runCli(argv);
    const lazy = await spawnCli(argv);
    assert.equal(lazy.code, 0, lazy.stderr);
    assert.equal(lazy.stdout, full.stdout, `tfy-llm ${argv.join(' ')}`);
  }
});

test('a mistyped command is still matched against every command name', async () => {
  const result = await spawnCli(['retreive', 'last']);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, "error: unknown command 'retreive'\nhint: did you mean retrieve? (see tfy-llm --help)\n");
});

test('--version and --help load none of the Node modules a run does not need', async (t) => {
  const dir = tempDir(t);
  const { hook, loaded: modules } = moduleRecorder(dir);
  for (const flag of ['--version', '--help']) {
    await run(process.execPath, ['--require', hook, BIN, flag], { env: { PATH: process.env.PATH } });
    const loaded = modules();
    // Each of these comes in through an ES import of a built-in, commander's child_process, chalk,
    // or touching process.stdin: the build and entry.ts keep them out (scripts/build-plugins.ts).
    // (net and tty are not listed: writing to a pipe or a terminal needs them.)
    for (const heavy of ['child_process', 'worker_threads', 'internal/fs/promises', 'readline', 'internal/readline/interface']) {
      assert.ok(!loaded.includes(`NativeModule ${heavy}`), `${flag} loaded ${heavy}`);
    }
    // Into a pipe the output goes straight to the descriptor: Node's stdout stream (net, tty and the
    // stream classes) is never built (terminal/io.ts, processOutput).
    for (const stream of ['net', 'tty', 'internal/streams/writable', 'internal/streams/duplex']) {
      assert.ok(!loaded.includes(`NativeModule ${stream}`), `${flag} into a pipe loaded ${stream}`);
    }
  }
});

test('into /dev/null too (a character device, like a terminal) --help builds none of Node\'s stream objects', (t) => {
  const dir = tempDir(t);
  const { hook, loaded: modules } = moduleRecorder(dir);
  const devNull = openSync('/dev/null', 'w');
  try {
    const result = spawnSync(process.execPath, ['--require', hook, BIN, '--help'], { env: { PATH: process.env.PATH }, stdio: ['ignore', devNull, 'pipe'] });
    assert.equal(result.status, 0, String(result.stderr));
  } finally {
    closeSync(devNull);
  }
  const loaded = modules();
  for (const stream of ['net', 'tty', 'internal/streams/writable']) assert.ok(!loaded.includes(`NativeModule ${stream}`), `--help > /dev/null loaded ${stream}`);
});

test('start-up reads one file of the bundle besides the loader: the entry, a pack of all that every run needs', (t) => {
  // Counted from the files the loader opens (a hook records them), caches aside.
  const dir = tempDir(t);
  const list = join(dir, 'opened.txt');
  const hook = join(dir, 'hook.cjs');
  writeFileSync(
    hook,
    `const fs = require('node:fs'); const open = fs.openSync; const seen = [];
fs.openSync = function (path, ...rest) { seen.push(String(path)); return open.call(this, path, ...rest); };
process.on('exit', () => fs.writeFileSync(${JSON.stringify(list)}, seen.join('\\n')));`,
  );
  const result = spawnSync(process.execPath, ['--require', hook, BIN, '--help'], { env: { PATH: process.env.PATH, XDG_CACHE_HOME: dir }, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const dist = join(BIN, '..', '..', 'dist');
  const read = readFileSync(list, 'utf8').split('\n').filter((file) => file.startsWith(dist));
  assert.deepEqual(read, [join(dist, 'tfy-llm.cjs')]);
  const code = readFileSync(join(dist, 'tfy-llm.cjs'), 'utf8');
  assert.ok(/commander/.test(code) || code.includes('unknown command'), 'the file read holds the program');
});

test('a plain create loads neither child_process (only an api-key-command needs it) nor the terminal renderer', async (t) => {
  const { withGateway } = await import('./helpers/fake-gateway.ts');
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const { hook, loaded: modules } = moduleRecorder(dir);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: 'tfy-demo-key', TFY_LLM_CONFIG_DIR: dir, NODE_OPTIONS: `--require ${hook}` };
  const result = await spawnCli(['create', 'hi', '-m', 'p/gpt-4o', '--json'], { env });
  assert.equal(result.code, 0, result.stderr);
  const loaded = modules();
  assert.ok(loaded.includes('NativeModule http') || loaded.length > 100, 'the hook recorded the run');
  assert.ok(!loaded.includes('NativeModule child_process'), 'create loaded child_process');
  assert.equal(gw.requests.length, 1);
});
