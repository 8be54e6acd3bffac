import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../src/errors/errors.ts';
import { ProfileStore } from '../src/config/profiles.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, spawnCli, tempDir } from './helpers/run-cli.ts';

test('no config file is an empty store, and env-only use keeps working', async (t) => {
  const dir = join(tempDir(t), 'missing');
  const store = new ProfileStore(dir);
  assert.deepEqual(store.names(), []);
  assert.equal(store.activeName(), undefined);
  assert.equal(store.exists(), false);
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', '-m', 'p/m'], { env: { TFY_LLM_CONFIG_DIR: dir, TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(gw.requests.length, 1);
});

test('the first write makes the folder 0700 and the file 0600, written whole', async (t) => {
  const dir = join(tempDir(t), 'nested', 'tfy-llm');
  const store = new ProfileStore(dir);
  await store.update((data) => {
    data.profiles.dev = { 'base-url': 'http://127.0.0.1:1/api/llm', 'api-key': 'tfy-0123456789abcdef' };
    data.active = 'dev';
  });
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(store.path).mode & 0o777, 0o600);
  assert.equal(store.path, join(dir, 'config.json'));
  const onDisk = JSON.parse(readFileSync(store.path, 'utf8'));
  assert.deepEqual(onDisk, { active: 'dev', profiles: { dev: { 'base-url': 'http://127.0.0.1:1/api/llm', 'api-key': 'tfy-0123456789abcdef' } } });
  // A second store reads what the first wrote; the global settings start empty.
  const again = new ProfileStore(dir);
  assert.equal(again.activeName(), 'dev');
  assert.equal(again.read('dev')?.['api-key'], 'tfy-0123456789abcdef');
  assert.equal(again.globalSetting('history'), undefined);
});

test('a write re-reads the file inside the lock: what another writer saved survives', async (t) => {
  const dir = tempDir(t);
  const a = new ProfileStore(dir);
  const b = new ProfileStore(dir);
  assert.deepEqual(a.names(), []); // a has read (and cached) the empty file
  await b.update((data) => void (data.profiles.one = { model: 'm1' }));
  await a.update((data) => void (data.profiles.two = { model: 'm2' }));
  assert.deepEqual(new ProfileStore(dir).names(), ['one', 'two']);
});

test('a file that is a file someone made group-readable becomes 0600 on the next write', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'config.json');
  writeFileSync(path, '{"profiles":{}}', { mode: 0o644 });
  await new ProfileStore(dir).update((data) => void (data.active = undefined));
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

const corrupt: [string, string, RegExp][] = [
  ['not JSON', '{"active": "dev", "profiles": {"dev": {"api-key": tfy-secret-0000}}}', /is not valid JSON/],
  ['a trailing comma', '{"profiles": {},}', /is not valid JSON \(line 1, column 17\)/],
  ['a wrong type', '{"profiles": {"dev": {"base-url": 42, "api-key": "tfy-secret-0000"}}}', /"profiles\.dev\.base-url" must be a string/],
  ['an unknown setting', '{"profiles": {"dev": {"baseurl": "http://x", "api-key": "tfy-secret-0000"}}}', /"profiles\.dev\.baseurl" is not a known setting/],
  ['a bad history value', '{"profiles": {}, "settings": {"history": "maybe"}}', /"settings\.history" must be one of on, off/],
  ['an array', '[1, 2]', /the top level must be a JSON object/],
];

for (const [what, text, message] of corrupt) {
  test(`a config file with ${what}: every command that needs it exits 3 naming the file, and it stays byte-for-byte the same`, async (t) => {
    const dir = tempDir(t);
    const path = join(dir, 'config.json');
    writeFileSync(path, text, { mode: 0o600 });
    const env = { TFY_LLM_CONFIG_DIR: dir };
    const commands = [
      ['create', 'hi', '-m', 'p/m'],
      ['config', 'list'],
      ['config', 'show'],
      ['config', 'use', 'dev'],
      ['config', 'set', 'model', 'x'],
      ['config', 'remove', 'dev'],
      ['config', 'add', 'new', '--base-url', 'http://127.0.0.1:1/api/llm'],
    ];
    for (const argv of commands) {
      const result = await runCli(argv, { env });
      assert.equal(result.code, 3, `${argv.join(' ')}: ${result.stderr}`);
      assert.ok(result.stderr.startsWith(`error: the config file ${path} `), result.stderr);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /\nhint: .*does not overwrite it/);
      assert.doesNotMatch(result.stderr, /tfy-secret-0000/);
      assert.equal(result.stdout, '');
      assert.equal(readFileSync(path, 'utf8'), text, `${argv.join(' ')} changed the file`);
    }
    // config path does not need to read it.
    const where = await runCli(['config', 'path'], { env });
    assert.equal(where.code, 0);
    assert.equal(where.stdout, `${path}\n`);
  });
}

test('8 `config add` processes at once: every profile lands', async (t) => {
  const dir = join(tempDir(t), 'cfg');
  const names = Array.from({ length: 8 }, (_, i) => `p${i}`);
  const results = await Promise.all(
    names.map((name) => spawnCli(['config', 'add', name, '--base-url', `http://127.0.0.1:${4000 + Number(name.slice(1))}/api/llm`, '--model', `m/${name}`], { env: { TFY_LLM_CONFIG_DIR: dir } })),
  );
  for (const result of results) assert.equal(result.code, 0, result.stderr);
  const store = new ProfileStore(dir);
  assert.deepEqual(store.names(), names);
  for (const name of names) assert.equal(store.read(name)?.model, `m/${name}`);
  assert.ok(names.includes(store.activeName() ?? ''), 'one of them became active');
  assert.equal(statSync(store.path).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
});

test('the store hands out ConfigErrors, not parse exceptions', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'config.json'));
  assert.throws(() => new ProfileStore(dir).names(), (err: unknown) => err instanceof ConfigError && /cannot read the config file/.test(err.message));
});
