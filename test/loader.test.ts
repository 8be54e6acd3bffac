// The loader's code cache (src/loader.ts): made after a file's first run, per command, private,
// only ever reused for the exact build, and never able to fail a run.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { Script } from 'node:vm';
import { cacheFolder, commandKey } from '../src/loader.ts';
import { ROOT, spawnCli, tempDir } from './helpers/run-cli.ts';

/** The one build folder under <cache>/tfy-llm, and its files. */
function buildFolder(cache: string): { folder: string; files: string[] } {
  const [name, ...others] = readdirSync(join(cache, 'tfy-llm'));
  assert.ok(name !== undefined && others.length === 0, `one build folder: ${[name, ...others].join(', ')}`);
  const folder = join(cache, 'tfy-llm', name);
  return { folder, files: readdirSync(folder).sort() };
}

/** The file of what every run loads: the entry's own file, a pack holding the start-up chunks too. */
const startupChunk = (): string => {
  const entry = readFileSync(join(ROOT, 'dist', 'tfy-llm.cjs'), 'utf8');
  assert.match(entry, /\n"chunks\/chunk-[\w-]+\.cjs":function\(/, 'the entry holds its start-up chunk');
  return 'tfy-llm.cjs';
};

test('a run leaves a private cache of each file it ran, per command; the next run reuses it untouched', async (t) => {
  const cache = tempDir(t);
  const env = { XDG_CACHE_HOME: cache };
  const help = await spawnCli(['--help'], { env });
  assert.equal(help.code, 0, help.stderr);
  const { folder, files } = buildFolder(cache);
  assert.match(folder, new RegExp(`-${process.version.replaceAll('.', '\\.')}-${process.arch}$`));
  assert.equal(statSync(folder).mode & 0o777, 0o700);
  const chunk = startupChunk().replace('/', '_');
  assert.deepEqual(files, ['tfy-llm.cjs.help'], 'one file (a pack) holds all that --help runs');
  for (const file of files) assert.equal(statSync(join(folder, file)).mode & 0o777, 0o600, file);

  // Another command has its own: it runs other functions of the same files.
  const version = await spawnCli(['history', '-n', '1'], { env });
  assert.equal(version.code, 0, version.stderr);
  assert.ok(readdirSync(folder).some((f) => f.startsWith('chunks_') && f.endsWith('.history')), 'the lazily loaded command file is cached too');
  assert.ok(readdirSync(folder).includes(`${chunk}.history`));

  // Accepted by V8 the second time, so not written again.
  const before = statSync(join(folder, `${chunk}.help`));
  const again = await spawnCli(['--help'], { env });
  assert.equal(again.stdout, help.stdout);
  const after = statSync(join(folder, `${chunk}.help`));
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(after.ino, before.ino);
});

test('the cache is made after the run: it holds the functions the run compiled, not just the top level', async (t) => {
  const cache = tempDir(t);
  const result = await spawnCli(['--help'], { env: { XDG_CACHE_HOME: cache } });
  assert.equal(result.code, 0, result.stderr);
  const { folder } = buildFolder(cache);
  const chunk = startupChunk();
  const made = statSync(join(folder, `${chunk.replace('/', '_')}.help`)).size;
  // What Node's own compile cache would hold: V8's cache of the file right after compiling it.
  const source = readFileSync(join(ROOT, 'dist', chunk), 'utf8');
  const compiledOnly = new Script(`(function (exports, require, module, __filename, __dirname) {"use strict";${source}\n})`).createCachedData().length;
  assert.ok(made > compiledOnly * 1.5, `cache after the run ${made} bytes vs ${compiledOnly} right after compiling`);
});

test('a damaged cache file is rejected by V8, the run goes on, and a good one replaces it', async (t) => {
  const cache = tempDir(t);
  const env = { XDG_CACHE_HOME: cache };
  const first = await spawnCli(['--version'], { env });
  const { folder } = buildFolder(cache);
  const file = join(folder, `${startupChunk().replace('/', '_')}.root`);
  const garbage = Buffer.alloc(4096, 0x41);
  writeFileSync(file, garbage);
  const second = await spawnCli(['--version'], { env });
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.equal(second.stderr, '');
  assert.notDeepEqual(readFileSync(file), garbage);
  const replaced = statSync(file);
  await spawnCli(['--version'], { env });
  assert.equal(statSync(file).mtimeMs, replaced.mtimeMs, 'the replacement is accepted');
});

test('no cache at all with NODE_DISABLE_COMPILE_CACHE=1, and a cache folder that cannot be made changes nothing', async (t) => {
  const cache = tempDir(t);
  const off = await spawnCli(['--version'], { env: { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '1' } });
  assert.equal(off.code, 0, off.stderr);
  assert.deepEqual(readdirSync(cache), []);

  const notAFolder = join(cache, 'file');
  writeFileSync(notAFolder, 'x');
  const blocked = await spawnCli(['--help'], { env: { XDG_CACHE_HOME: notAFolder } });
  assert.equal(blocked.code, 0);
  assert.equal(blocked.stderr, '');
  assert.match(blocked.stdout, /^Usage: tfy-llm/);
});

test('a failed run makes no cache (it ran little of the code), and a folder others can write to is not used', async (t) => {
  const cache = tempDir(t);
  const failed = await spawnCli(['create', '--temperature', 'hot'], { env: { XDG_CACHE_HOME: cache } });
  assert.equal(failed.code, 2);
  assert.deepEqual(readdirSync(cache), []);

  const shared = join(cache, 'tfy-llm');
  mkdirSync(shared);
  await spawnCli(['--version'], { env: { XDG_CACHE_HOME: cache } });
  const folder = join(shared, readdirSync(shared)[0] ?? '');
  chmodSync(folder, 0o777);
  const names = readdirSync(folder);
  writeFileSync(join(folder, 'tfy-llm.cjs.root'), Buffer.alloc(64, 1));
  const result = await spawnCli(['--version'], { env: { XDG_CACHE_HOME: cache } });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(readFileSync(join(folder, 'tfy-llm.cjs.root')), Buffer.alloc(64, 1), 'neither read nor replaced');
  assert.deepEqual(readdirSync(folder).sort(), names.sort());

  // Nor when the folder is private but its parent is not (the folder could be swapped).
  chmodSync(folder, 0o700);
  chmodSync(shared, 0o777);
  await spawnCli(['--version'], { env: { XDG_CACHE_HOME: cache } });
  assert.deepEqual(readFileSync(join(folder, 'tfy-llm.cjs.root')), Buffer.alloc(64, 1), 'neither read nor replaced');
  chmodSync(shared, 0o700);
  await spawnCli(['--version'], { env: { XDG_CACHE_HOME: cache } });
  assert.notDeepEqual(readFileSync(join(folder, 'tfy-llm.cjs.root')), Buffer.alloc(64, 1), 'a private folder is used again');
});

test("a new build's cache folder removes other builds' folders left alone for a month, and nothing else", async (t) => {
  const cache = tempDir(t);
  const base = join(cache, 'tfy-llm');
  const folder = (id: string, version = process.version) => join(base, `${id}-${version}-${process.arch}`);
  const old = folder('0123456789abcdef');
  const recent = folder('fedcba9876543210', 'v22.1.0');
  const other = join(base, 'notes');
  for (const dir of [old, recent, other]) mkdirSync(dir, { recursive: true });
  const monthsAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
  utimesSync(old, monthsAgo, monthsAgo);
  utimesSync(other, monthsAgo, monthsAgo);
  const result = await spawnCli(['--version'], { env: { XDG_CACHE_HOME: cache } });
  assert.equal(result.code, 0, result.stderr);
  const left = readdirSync(base);
  assert.ok(!left.includes(basename(old)), 'an old build folder goes');
  assert.ok(left.includes(basename(recent)), 'a build folder in use (another install, another Node) stays');
  assert.ok(left.includes('notes'), 'what is not a build folder stays');
  assert.equal(left.length, 3);
});

test('a cache folder in use is marked as such once a day, so pruning leaves it alone', async (t) => {
  const cache = tempDir(t);
  const env = { XDG_CACHE_HOME: cache };
  await spawnCli(['--version'], { env });
  const { folder } = buildFolder(cache);
  const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
  utimesSync(folder, longAgo, longAgo);
  await spawnCli(['--version'], { env }); // reads its cache, writes nothing
  assert.ok(statSync(folder).mtimeMs > Date.now() - 3600 * 1000, 'touched by a run that used it');
});

test('an edited bundle file (same length) never gets the cache of its former self', async (t) => {
  // A private copy of the built package, so the edit touches nothing else.
  const root = tempDir(t);
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
  const env = { PATH: process.env.PATH, XDG_CACHE_HOME: tempDir(t), TFY_LLM_CONFIG_DIR: tempDir(t) };
  const run = (): string => execFileSync(process.execPath, [join(root, 'bin', 'tfy-llm.js'), '--help'], { env, encoding: 'utf8' });
  assert.match(run(), /print the version/);
  run(); // now from the cache
  const chunk = join(root, 'dist', startupChunk());
  const source = readFileSync(chunk, 'utf8');
  assert.ok(source.includes('print the version'));
  writeFileSync(chunk, source.replace('print the version', 'PRINT THE VERSION'));
  assert.match(run(), /PRINT THE VERSION/);
  // And a shift of the code after it (one string shorter, a later one longer: same length in all).
  const shifted = readFileSync(chunk, 'utf8').replace('show help', 'show hel').replace('PRINT THE VERSION', 'PRINT THE VERSION!');
  writeFileSync(chunk, shifted);
  const out = run();
  assert.match(out, /show hel\b/);
  assert.match(out, /PRINT THE VERSION!/);
});

test('a cache with the right header but damaged code is rejected by V8 and made again', async (t) => {
  const cache = tempDir(t);
  const env = { XDG_CACHE_HOME: cache };
  await spawnCli(['--version'], { env });
  const { folder } = buildFolder(cache);
  const file = join(folder, `${startupChunk().replace('/', '_')}.root`);
  const saved = readFileSync(file);
  const headerEnd = saved.indexOf(0x0a) + 1;
  const damaged = Buffer.concat([saved.subarray(0, headerEnd), Buffer.alloc(saved.length - headerEnd, 0x42)]);
  writeFileSync(file, damaged);
  const result = await spawnCli(['--version'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.notDeepEqual(readFileSync(file), damaged);
});

test('a broken install (a bundle file missing) is one error line with a hint, not a stack trace', (t) => {
  const root = tempDir(t);
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
  rmSync(join(root, 'dist', startupChunk()));
  const env = { PATH: process.env.PATH, XDG_CACHE_HOME: tempDir(t), TFY_LLM_CONFIG_DIR: tempDir(t) };
  const result = spawnSync(process.execPath, [join(root, 'bin', 'tfy-llm.js'), '--help'], { env, encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^error: tfy-llm could not start: ENOENT: no such file or directory, open '.*\/dist\/tfy-llm\.cjs'\nhint: its installation looks broken: install it again\n$/);
  const verbose = spawnSync(process.execPath, [join(root, 'bin', 'tfy-llm.js'), '--help', '--verbose'], { env, encoding: 'utf8' });
  assert.match(verbose.stderr, /\n\s+at /, '--verbose adds the stack');
});

test('where the cache goes, and which command a command line names', () => {
  assert.equal(cacheFolder({ XDG_CACHE_HOME: '/c' }, 'abc'), `/c/tfy-llm/abc-${process.version}-${process.arch}`);
  // A relative XDG_CACHE_HOME is to be ignored (XDG base directory spec).
  assert.match(cacheFolder({ XDG_CACHE_HOME: 'rel' }, 'abc') ?? '', /\/\.cache\/tfy-llm\/abc-/);
  assert.equal(cacheFolder({ NODE_DISABLE_COMPILE_CACHE: '1' }, 'abc'), undefined);
  assert.deepEqual(
    [['--help'], [], ['create', 'hi'], ['-V'], ['config', 'add', 'x'], ['../etc'], ['help', 'create'], ['create', '-h']].map(commandKey),
    ['help', 'root', 'create', 'root', 'config', 'root', 'help', 'help'],
  );
});
