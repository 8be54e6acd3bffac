import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { ProfileStore } from '../src/config/profiles.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { runCli, tempDir, type RunOptions } from './helpers/run-cli.ts';

const DEV_KEY = 'tfy-dev-key-0000aaaa';
const PROD_KEY = 'tfy-prod-key-1111d2f0';

/** A CLI bound to one temporary config folder. */
function cliIn(t: TestContext) {
  const dir = join(tempDir(t), 'cfg');
  const cli = (argv: string[], options: RunOptions = {}) => runCli(argv, { ...options, env: { TFY_LLM_CONFIG_DIR: dir, ...options.env } });
  return { dir, path: join(dir, 'config.json'), cli };
}

/** dev and prod side by side: two gateways, each with its own key. */
async function devAndProd(t: TestContext) {
  const dev = await withGateway(t, { apiKeys: [DEV_KEY] });
  const prod = await withGateway(t, { apiKeys: [PROD_KEY] });
  const { cli, dir, path } = cliIn(t);
  const added = [
    await cli(['config', 'add', 'dev', '--base-url', dev.url, '--api-key-stdin', '--provider', 'openai-dev', '--model', 'gpt-4o-mini', '-H', 'X-Team: search'], { stdin: `${DEV_KEY}\n` }),
    await cli(['config', 'add', 'prod', '--base-url', `${prod.url}/`, '--api-key-stdin', '--provider', 'openai-main', '--model', 'gpt-4o'], { stdin: PROD_KEY }),
  ];
  for (const result of added) assert.equal(result.code, 0, result.stderr);
  return { dev, prod, cli, dir, path, added };
}

test('config add, list, use: the first profile becomes active; requests go to the active one', async (t) => {
  const { dev, prod, cli, path, added } = await devAndProd(t);
  assert.match(added[0]?.stderr ?? '', /added profile "dev" to .*config\.json \(active\)/);
  assert.equal(added[1]?.stdout, '');

  const list = await cli(['config', 'list']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^\* dev {3}http:\/\/127\.0\.0\.1:\d+\/api\/llm {2}\(provider openai-dev, model gpt-4o-mini\)\n {2}prod  http:\/\/127\.0\.0\.1:\d+\/api\/llm {2}\(provider openai-main, model gpt-4o\)\n$/);
  const listJson = JSON.parse((await cli(['config', 'list', '--json'])).stdout);
  assert.deepEqual(listJson.map((row: { name: string; active: boolean }) => [row.name, row.active]), [['dev', true], ['prod', false]]);

  // The active profile: dev's gateway, dev's key, provider header and model prefix, stored header.
  const first = await cli(['create', 'hi']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(prod.requests.length, 0);
  const sent = dev.requests[0];
  assert.equal(sent?.headers.authorization, `Bearer ${DEV_KEY}`);
  assert.equal(sent?.headers['x-tfy-provider-name'], 'openai-dev');
  assert.equal(sent?.headers['x-team'], 'search');
  assert.deepEqual(sent?.body, { model: 'openai-dev/gpt-4o-mini', input: 'hi' });

  const use = await cli(['config', 'use', 'prod']);
  assert.equal(use.code, 0, use.stderr);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).active, 'prod');
  const second = await cli(['create', 'hi']);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(prod.requests[0]?.headers.authorization, `Bearer ${PROD_KEY}`);
  assert.equal((prod.requests[0]?.body as { model: string }).model, 'openai-main/gpt-4o');
  assert.equal(prod.requests[0]?.headers['x-team'], undefined);
});

test('-p and TFY_LLM_PROFILE pick the profile; flags beat the environment, which beats the profile', async (t) => {
  const { dev, prod, cli } = await devAndProd(t);
  assert.equal((await cli(['create', 'hi', '-p', 'prod'])).code, 0);
  assert.equal(prod.requests.length, 1);
  assert.equal((await cli(['create', 'hi'], { env: { TFY_LLM_PROFILE: 'prod' } })).code, 0);
  assert.equal(prod.requests.length, 2);
  // --profile beats TFY_LLM_PROFILE.
  assert.equal((await cli(['create', 'hi', '--profile', 'dev'], { env: { TFY_LLM_PROFILE: 'prod' } })).code, 0);
  assert.equal(dev.requests.length, 1);

  // env model beats the profile's; the flag beats env; a model with a prefix routes by it.
  await cli(['create', 'hi'], { env: { TFY_LLM_MODEL: 'gpt-env' } });
  assert.equal((dev.requests[1]?.body as { model: string }).model, 'openai-dev/gpt-env');
  await cli(['create', 'hi', '-m', 'other/gpt-flag'], { env: { TFY_LLM_MODEL: 'gpt-env' } });
  assert.equal(dev.requests[2]?.headers['x-tfy-provider-name'], 'other');
  // TFY_API_KEY beats the profile's key (dev's gateway refuses prod's key: exit 4).
  const refused = await cli(['create', 'hi'], { env: { TFY_API_KEY: PROD_KEY } });
  assert.equal(refused.code, 4);
  assert.equal(dev.requests[3]?.headers.authorization, `Bearer ${PROD_KEY}`);
  assert.ok(!refused.stderr.includes(PROD_KEY));

  const missing = await cli(['create', 'hi', '-p', 'nope']);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /^error: no profile named "nope" \(from --profile\)\nhint: .*config list/);
});

test('config show: every resolved setting, where it came from, and the key masked', async (t) => {
  const { cli, path } = await devAndProd(t);
  const text = await cli(['config', 'show', '--provider', 'flag-p'], { env: { TFY_LLM_MODEL: 'env-model' } });
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.split('\n');
  assert.match(lines[0] ?? '', /^profile +dev +active profile$/);
  assert.match(lines[1] ?? '', /^base-url +http:\/\/127\.0\.0\.1:\d+\/api\/llm +profile dev$/);
  assert.match(lines[2] ?? '', /^api-key +tfy-…aaaa +profile dev$/);
  assert.match(lines[3] ?? '', /^provider +flag-p +--provider$/);
  assert.match(lines[4] ?? '', /^model +env-model +TFY_LLM_MODEL$/);
  assert.match(lines[5] ?? '', /^header +x-team: search +profile dev$/);
  assert.match(lines[6] ?? '', /^history +on +default$/);
  assert.equal(lines[7], `config    ${path}`);
  assert.ok(!text.stdout.includes(DEV_KEY));

  const json = JSON.parse((await cli(['config', 'show', 'prod', '--json'], { env: { TFY_API_KEY: 'tfy-env-key-9999beef' } })).stdout);
  assert.deepEqual(json.profile, { value: 'prod', source: 'flag', origin: '--profile' });
  assert.deepEqual(json['api-key'], { value: 'tfy-…beef', source: 'env', origin: 'TFY_API_KEY' });
  assert.equal(json['base-url'].source, 'profile');
  assert.equal(json['config-file'], path);
});

test('config set, get, unset: one setting of the active or --profile profile', async (t) => {
  const { cli, path } = await devAndProd(t);
  const set = async (argv: string[], options: RunOptions = {}) => {
    const result = await cli(['config', 'set', ...argv], options);
    assert.equal(result.code, 0, result.stderr);
  };
  const get = async (argv: string[]) => (await cli(['config', 'get', ...argv])).stdout;

  await set(['model', 'gpt-4.1']);
  assert.equal(await get(['model']), 'gpt-4.1\n');
  await set(['provider', 'azure-east', '-p', 'prod']);
  assert.equal(await get(['provider', '--profile', 'prod']), 'azure-east\n');
  assert.equal(await get(['provider']), 'openai-dev\n');
  await set(['base-url', 'http://127.0.0.1:9/api/llm/']);
  assert.equal(await get(['base-url']), 'http://127.0.0.1:9/api/llm\n');
  await set(['headers', 'X-Env: staging']);
  assert.equal(await get(['headers']), 'x-team: search\nx-env: staging\n');

  // api-key: from stdin, printed only masked; setting a command drops the stored key and back.
  await set(['api-key'], { stdin: 'tfy-new-key-5555cafe\n' });
  assert.equal(await get(['api-key']), 'tfy-…cafe\n');
  await set(['api-key-command', 'pass show tfy/dev']);
  const stored = JSON.parse(readFileSync(path, 'utf8')).profiles.dev;
  assert.equal(stored['api-key'], undefined);
  assert.equal(stored['api-key-command'], 'pass show tfy/dev');
  const noKey = await cli(['config', 'get', 'api-key']);
  assert.equal(noKey.code, 3);
  assert.match(noKey.stderr, /api-key is not set in profile "dev"\nhint: this profile gets its key from api-key-command/);

  // Global: history on|off, outside any profile.
  assert.equal(await get(['history']), 'on\n');
  await set(['history', 'off']);
  assert.equal(await get(['history']), 'off\n');
  assert.equal(new ProfileStore(join(path, '..')).globalSetting('history'), 'off');
  const badHistory = await cli(['config', 'set', 'history', 'maybe']);
  assert.equal(badHistory.code, 2);

  // unset
  assert.equal((await cli(['config', 'unset', 'headers', 'X-Env'])).code, 0);
  assert.equal(await get(['headers']), 'x-team: search\n');
  assert.equal((await cli(['config', 'unset', 'model'])).code, 0);
  assert.equal((await cli(['config', 'get', 'model'])).code, 3);
  assert.equal((await cli(['config', 'unset', 'history'])).code, 0);
  assert.equal(await get(['history']), 'on\n');
});

test('config set api-key refuses a value on the command line and never repeats it', async (t) => {
  const { cli, path } = await devAndProd(t);
  const before = readFileSync(path, 'utf8');
  const result = await cli(['config', 'set', 'api-key', 'tfy-typed-key-7777abcd']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: config set api-key takes no value on the command line/);
  assert.match(result.stderr, /\nhint: pipe it in: .* \| tfy-llm config set api-key/);
  assert.ok(!result.stderr.includes('tfy-typed-key-7777abcd') && !result.stdout.includes('tfy-typed-key-7777abcd'));
  assert.equal(readFileSync(path, 'utf8'), before);
  // Empty stdin, or a key with a space: nothing saved.
  assert.equal((await cli(['config', 'set', 'api-key'], { stdin: '' })).code, 2);
  assert.equal((await cli(['config', 'set', 'api-key'], { stdin: 'two words\n' })).code, 2);
  assert.equal(readFileSync(path, 'utf8'), before);
});

test('bad input to config commands: exit 2 or 3, one error line, nothing written', async (t) => {
  const { cli, path } = await devAndProd(t);
  const before = readFileSync(path, 'utf8');
  const cases: [string[], number, RegExp][] = [
    [['config', 'add', 'bad name', '--base-url', 'http://127.0.0.1:1'], 2, /invalid profile name "bad name"/],
    [['config', 'add', 'x', '--base-url', 'gateway.example'], 2, /not a URL/],
    [['config', 'add', 'x', '--base-url', 'ftp://gateway.example'], 2, /not an http\(s\) URL/],
    [['config', 'add', 'x', '--base-url', 'https://user:pw@gateway.example'], 2, /must not hold a user name or password/],
    [['config', 'add', 'x'], 2, /required option '--base-url <url>'/],
    [['config', 'add', 'x', '--base-url', 'http://127.0.0.1:1', '--api-key-stdin', '--api-key-command', 'echo k'], 2, /cannot be used together/],
    [['config', 'add', 'x', '--base-url', 'http://127.0.0.1:1', '--provider', 'a/b'], 2, /invalid provider "a\/b"/],
    [['config', 'add', 'x', '--base-url', 'http://127.0.0.1:1', '-H', 'no colon'], 2, /invalid header/],
    [['config', 'add', 'dev', '--base-url', 'http://127.0.0.1:1'], 2, /a profile named "dev" already exists/],
    [['config', 'use', 'nope'], 3, /no profile named "nope"/],
    [['config', 'remove', 'nope'], 3, /no profile named "nope"/],
    [['config', 'set', 'colour', 'red'], 2, /unknown setting "colour"/],
    [['config', 'set', 'model'], 2, /config set model needs a value/],
    [['config', 'set', 'model', 'x', '-p', 'nope'], 3, /no profile named "nope"/],
    [['config', 'get', 'model', '-p', 'nope'], 3, /no profile named "nope"/],
    [['config', 'frobnicate'], 2, /unknown command 'frobnicate'/],
  ];
  for (const [argv, code, message] of cases) {
    const result = await cli(argv, { stdin: '' });
    assert.equal(result.code, code, `${argv.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message, argv.join(' '));
    assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
    assert.equal(readFileSync(path, 'utf8'), before, `${argv.join(' ')} changed the file`);
  }
  // --force replaces.
  const forced = await cli(['config', 'add', 'dev', '--base-url', 'http://127.0.0.1:2/api/llm', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).profiles.dev['base-url'], 'http://127.0.0.1:2/api/llm');
});

test('config remove drops the profile, and the active mark with it; config path prints where the file is', async (t) => {
  const { cli, path } = await devAndProd(t);
  assert.equal((await cli(['config', 'remove', 'prod'])).code, 0);
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).active, 'dev');
  const removed = await cli(['config', 'rm', 'dev']);
  assert.equal(removed.code, 0);
  assert.match(removed.stderr, /no profile is active now/);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { profiles: {} });
  assert.equal((await cli(['config', 'list'])).stdout, '');
  assert.equal((await cli(['config', 'path'])).stdout, `${path}\n`);
  const none = await cli(['config', 'set', 'model', 'x']);
  assert.equal(none.code, 3);
  assert.match(none.stderr, /no profile is active\nhint: create one with tfy-llm config init/);
});

test('config path follows XDG_CONFIG_HOME and HOME when TFY_LLM_CONFIG_DIR is not set', async (t) => {
  const home = tempDir(t);
  const xdg = await runCli(['config', 'path'], { env: { TFY_LLM_CONFIG_DIR: undefined, XDG_CONFIG_HOME: join(home, 'xdg'), HOME: home } });
  assert.equal(xdg.stdout, `${join(home, 'xdg', 'tfy-llm', 'config.json')}\n`);
  const plain = await runCli(['config', 'path'], { env: { TFY_LLM_CONFIG_DIR: undefined, HOME: home } });
  assert.equal(plain.stdout, `${join(home, '.config', 'tfy-llm', 'config.json')}\n`);
  assert.equal(existsSync(join(home, '.config')), false, 'config path creates nothing');
});

test('config --help and config add --help show examples', async () => {
  const help = await runCli(['config', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Examples:\n {2}\$ tfy-llm config /);
  const add = await runCli(['config', 'add', '--help']);
  assert.match(add.stdout, /--api-key-stdin/);
  assert.match(add.stdout, /Examples:\n {2}\$ printf/);
});
