// tfy-llm models: the gateway's list grouped on a terminal, provider/model lines in a pipe, the API's
// JSON with --json; cached per profile (0600 in a 0700 folder) with --refresh; suggestions for a
// mistyped model; `config set model` checked against the list.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir, type RunOptions } from './helpers/run-cli.ts';

function setUp(t: TestContext, gw: FakeGateway) {
  const dir = tempDir(t);
  const env = { TFY_LLM_CONFIG_DIR: join(dir, 'cfg'), TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY };
  const cli = (argv: string[], options: RunOptions = {}) => runCli(argv, { ...options, env: { ...env, ...options.env } });
  const modelCalls = () => gw.requests.filter((r) => r.path === '/api/llm/models').length;
  return { dir, env, cli, modelCalls, cache: join(dir, 'cfg', 'state', 'models--.json') };
}

test('models: one provider/model a line in a pipe, grouped by provider account on a terminal, the API JSON with --json', async (t) => {
  const gw = await withGateway(t);
  const { cli } = setUp(t, gw);
  const piped = await cli(['models']);
  assert.equal(piped.code, 0, piped.stderr);
  const lines = piped.stdout.trimEnd().split('\n');
  assert.ok(lines.includes('my-openai/gpt-4o') && lines.includes('my-anthropic/claude-sonnet-4') && lines.includes('demo-openai/gpt-4o-mini'));
  assert.ok(lines.every((line) => /^[\w.-]+\/[\w.-]+$/.test(line)), piped.stdout);
  assert.equal(piped.stderr, '');

  // A filter word (any case) and --provider narrow it.
  assert.deepEqual((await cli(['models', 'MINI', '--provider', 'my-openai'])).stdout.split('\n').filter(Boolean), ['my-openai/gpt-4o-mini', 'my-openai/gpt-4.1-mini', 'my-openai/o4-mini']);

  const tty = await cli(['models', 'claude'], { stdoutTTY: true, env: { NO_COLOR: '1' } });
  assert.equal(tty.code, 0, tty.stderr);
  assert.equal(tty.stdout, 'my-anthropic (2)\n  my-anthropic/claude-sonnet-4   $3.00 in · $15.00 out per 1M tokens\n  my-anthropic/claude-3-5-haiku\n');
  const grouped = await cli(['models'], { stdoutTTY: true, env: { NO_COLOR: '1' } });
  assert.deepEqual(grouped.stdout.split('\n').filter((line) => line && !line.startsWith(' ')), ['my-openai (20)', 'my-anthropic (2)', 'demo-openai (2)']);

  gw.clear();
  const json = await cli(['models', '--json', '--refresh']);
  const body = JSON.parse(json.stdout) as { object: string; data: { id: string; owned_by: string }[] };
  assert.equal(body.object, 'list');
  assert.deepEqual(body.data.find((m) => m.id === 'my-openai/gpt-4o'), { id: 'my-openai/gpt-4o', object: 'model', created: 0, owned_by: 'my-openai', pricing: { input: 2.5, output: 10 } });
  // No provider header: the list is not routed.
  assert.equal(gw.requests[0]?.headers['x-tfy-provider-name'], undefined);
  const filtered = JSON.parse((await cli(['models', 'haiku', '--json'])).stdout) as typeof body;
  assert.deepEqual(filtered.data.map((m) => m.id), ['my-anthropic/claude-3-5-haiku']);

  // Nothing matches: said on stderr, exit 0, nothing on stdout.
  const none = await cli(['models', 'no-such-thing']);
  assert.deepEqual([none.code, none.stdout, none.stderr], [0, '', 'no listed model matches\n']);
  const bad = await cli(['models', '--provider', 'a/b']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: --provider is one word without "\/"/);
});

test('models: cached per profile for a few minutes (0600 in a 0700 folder); --refresh asks again; another base URL is another list', async (t) => {
  const gw = await withGateway(t);
  const { cli, modelCalls, cache } = setUp(t, gw);
  let now = Date.parse('2026-11-20T10:00:00Z');
  const at = { now: () => now };
  assert.equal((await cli(['models'], at)).code, 0);
  assert.equal(modelCalls(), 1);
  assert.equal(statSync(cache).mode & 0o777, 0o600);
  assert.equal(statSync(join(cache, '..')).mode & 0o777, 0o700);
  const saved = JSON.parse(readFileSync(cache, 'utf8')) as { base_url: string; list: { data: unknown[] } };
  assert.equal(saved.base_url, gw.url);

  now += 5 * 60_000;
  const cached = await cli(['models'], { ...at, stdoutTTY: true, env: { NO_COLOR: '1' } });
  assert.equal(modelCalls(), 1, 'a fresh cache is used');
  assert.match(cached.stderr, /from the cache of the last few minutes; --refresh asks the gateway/);
  await cli(['models', '--refresh'], at);
  assert.equal(modelCalls(), 2);
  now += 11 * 60_000;
  await cli(['models'], at);
  assert.equal(modelCalls(), 3, 'a stale cache is not used');

  // The cache belongs to a base URL: another gateway (here the same one under another spelling) asks again.
  await cli(['models'], { ...at, env: { TFY_LLM_BASE_URL: gw.url.replace('127.0.0.1', 'localhost') } });
  assert.equal(modelCalls(), 4);
  // A broken cache file is no cache, and is written anew.
  writeFileSync(cache, '{ torn');
  assert.equal((await cli(['models'], at)).code, 0);
  assert.equal(modelCalls(), 5);
  // --dry-run prints the request and touches nothing.
  const dry = await cli(['models', '--dry-run'], at);
  assert.match(dry.stdout, /^GET http:\/\/127\.0\.0\.1:\d+\/api\/llm\/models/);
  assert.equal(modelCalls(), 5);
});

test('a mistyped model or provider: the error names the closest listed models in its hint, exit code as before', async (t) => {
  const gw = await withGateway(t);
  const { cli } = setUp(t, gw);
  const typo = await cli(['create', 'hi', '-m', 'my-openai/gpt-4o-mimi']);
  assert.equal(typo.code, 5);
  assert.deepEqual(typo.stderr.split('\n').filter(Boolean).map((line) => line.replace(/ \[request id: .*\]$/, '')), [
    "error: Model 'my-openai/gpt-4o-mimi' not found (HTTP 404, param model)",
    'hint: did you mean my-openai/gpt-4o-mini? (or my-openai/gpt-4.1-mini, demo-openai/gpt-4o-mini; tfy-llm models lists them)',
  ]);
  const provider = await cli(['create', 'hi', '-m', 'my-opnai/gpt-4o', '--json']);
  assert.equal(provider.code, 5);
  assert.match(provider.stderr, /^error: Provider account 'my-opnai' not found .*\nhint: did you mean my-openai\/gpt-4o\? /);
  assert.equal(JSON.parse(provider.stderr.trim().split('\n').at(-1) ?? '').error.exit_code, 5);
  // A streamed create gets the same.
  const streamed = await cli(['create', 'hi', '-m', 'my-openai/gpt4o', '--stream']);
  assert.match(streamed.stderr, /\nhint: did you mean my-openai\/gpt-4o\? /);
  // The list came from the cache after the first look-up: one GET /models for all three.
  assert.equal(gw.requests.filter((r) => r.path === '/api/llm/models').length, 1);
});

test('config set model: a warning when the gateway does not list it (with the nearest), or cannot be asked; saved either way', async (t) => {
  const gw = await withGateway(t);
  const { cli, dir } = setUp(t, gw);
  const config = { TFY_LLM_CONFIG_DIR: join(dir, 'own'), TFY_LLM_BASE_URL: '', TFY_API_KEY: '' };
  const add = await cli(['config', 'add', 'dev', '--base-url', gw.url, '--api-key-stdin', '--provider', 'my-openai'], { stdin: KEY, env: config });
  assert.equal(add.code, 0, add.stderr);
  const listed = await cli(['config', 'set', 'model', 'gpt-4o-mini'], { env: config });
  assert.deepEqual([listed.code, listed.stderr], [0, 'set model of profile "dev"\n']);
  const typo = await cli(['config', 'set', 'model', 'gpt-4o-mimi'], { env: config });
  assert.equal(typo.code, 0);
  assert.match(typo.stderr, /warning: the gateway does not list my-openai\/gpt-4o-mimi; did you mean my-openai\/gpt-4o-mini/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'own', 'config.json'), 'utf8')).profiles.dev.model, 'gpt-4o-mimi');
  await gw.close();
  const offline = await cli(['config', 'set', 'model', 'my-anthropic/claude-sonnet-4', '-p', 'dev'], { env: { ...config, TFY_LLM_STATE_DIR: join(dir, 'empty-state') } });
  assert.equal(offline.code, 0);
  assert.match(offline.stderr, /warning: could not check my-anthropic\/claude-sonnet-4 against the gateway's models \(could not connect to .*\); saved it as given/);
});

test('completion --list-models: the cache when fresh; else one request, but never an api-key-command at TAB time', async (t) => {
  const gw = await withGateway(t);
  const { cli, dir } = setUp(t, gw);
  const own = { TFY_LLM_CONFIG_DIR: join(dir, 'tab'), TFY_LLM_BASE_URL: '', TFY_API_KEY: '' };
  const marker = join(dir, 'key-command-ran');
  const add = await cli(['config', 'add', 'dev', '--base-url', gw.url, '--api-key-command', `touch '${marker}'; echo ${KEY}`], { env: own });
  assert.equal(add.code, 0, add.stderr);
  const listed = await cli(['completion', '--list-models', '--for-profile', 'dev'], { env: own });
  assert.deepEqual([listed.code, listed.stdout, listed.stderr], [0, '', '']);
  assert.equal(existsSync(marker), false, 'the key command was not run');
  assert.equal(gw.requests.length, 0);
  // Once `models` has run (the key command with it), TAB reads the cache.
  assert.equal((await cli(['models', '-p', 'dev'], { env: own })).code, 0);
  const cached = await cli(['completion', '--list-models', '--for-profile', 'dev'], { env: own });
  assert.ok(cached.stdout.split('\n').includes('my-anthropic/claude-3-5-haiku'), cached.stdout);
  assert.equal(gw.requests.length, 1);
});
