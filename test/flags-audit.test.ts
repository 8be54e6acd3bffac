// Every command × every common flag: a flag a command would ignore is refused (exit 2, nothing sent,
// nothing changed); a flag it takes is in its --help. Read off the specs, so a new command is covered.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { COMMANDS } from '../src/program/registry.ts';
import { COMMON, type CommonKey } from '../src/spec/common.ts';
import { startGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { runMatrix, SECRET, type MatrixCase } from './helpers/matrix.ts';
import { KEY, runCli, scratchConfigDir } from './helpers/run-cli.ts';

let gw: FakeGateway;
before(async () => {
  gw = await startGateway({ apiKeys: [SECRET] });
});
after(async () => gw.close());

/** A command line that would run each command, but for the flag under test. */
const RUNNABLE: Readonly<Record<string, string[]>> = {
  create: ['create', 'hi', '-m', 'p/gpt-4o'],
  chat: ['chat', 'hi', '-m', 'p/gpt-4o'],
  retrieve: ['retrieve', 'resp_x', '--provider', 'p'],
  delete: ['delete', 'resp_x', '--provider', 'p'],
  cancel: ['cancel', 'resp_x', '--provider', 'p'],
  'input-items': ['input-items', 'resp_x', '--provider', 'p'],
  history: ['history'],
  models: ['models'],
  demo: ['demo'],
  completion: ['completion', 'bash'],
  config: ['config'],
  'config init': ['config', 'init'],
  'config add': ['config', 'add', 'x', '--base-url', 'http://127.0.0.1:1/api/llm'],
  'config list': ['config', 'list'],
  'config show': ['config', 'show'],
  'config use': ['config', 'use', 'dev'],
  'config remove': ['config', 'remove', 'dev'],
  'config path': ['config', 'path'],
  'config set': ['config', 'set', 'provider', 'p'],
  'config get': ['config', 'get', 'provider'],
  'config unset': ['config', 'unset', 'provider'],
  doctor: ['doctor'],
  'batch run': ['batch', 'run', 'prompts.txt', '-m', 'p/gpt-4o'],
  'batch submit': ['batch', 'submit', 'prompts.txt', '-m', 'p/gpt-4o'],
  'batch status': ['batch', 'status', 'batch_x', '--provider', 'p'],
  'batch results': ['batch', 'results', 'batch_x', '--provider', 'p'],
  'batch cancel': ['batch', 'cancel', 'batch_x', '--provider', 'p'],
  'batch resume': ['batch', 'resume', 'job_0123456789abcdef'],
  'batch list': ['batch', 'list', '--provider', 'p'],
};

const VALUES: Partial<Record<CommonKey, string>> = { profile: 'dev', baseUrl: 'http://127.0.0.1:1/api/llm', provider: 'p', header: 'X-A: b', tfyMetadata: 'k=v', timeout: '3', maxRetries: '1' };

/** The flag as typed: its long form, and a value when it takes one. */
function typed(key: CommonKey): string[] {
  const long = /--[\w-]+/.exec(COMMON[key].flags)?.[0] ?? '';
  const value = VALUES[key];
  return value === undefined ? [long] : [long, value];
}

const specs = (await Promise.all(COMMANDS.map((registered) => registered.load()))).flat().map((entry) => entry.spec);
const refused: MatrixCase[] = [];
for (const spec of specs) {
  // A group's own flags are its subcommands' too (commander reads them anywhere): groups are not audited here.
  if (spec.name === 'config' || spec.name === 'batch') continue;
  const argv = RUNNABLE[spec.name];
  assert.ok(argv, `a runnable command line for ${spec.name}`);
  for (const key of Object.keys(COMMON) as CommonKey[]) {
    // --no-color is taken by every command (tested below).
    if (key in spec.options || key === 'color') continue;
    const flag = typed(key);
    refused.push({
      name: `${spec.name} refuses ${flag[0]}`,
      argv: [...argv, ...flag],
      env: { TFY_LLM_CONFIG_DIR: '$CONFIG' },
      code: 2,
      message: new RegExp(`^tfy-llm ${spec.name} does not take ${flag[0]}$`),
      hint: new RegExp(`^it would do nothing there; see tfy-llm ${spec.name} --help$`),
      sent: 0,
    });
  }
}

test('the audit covers every command, and refuses something somewhere', () => {
  assert.ok(specs.length >= 19, `${specs.length} specs`);
  assert.ok(refused.some((row) => row.argv[0] === 'history' && row.argv.includes('--timeout')));
  assert.ok(refused.some((row) => row.argv[0] === 'doctor' && row.argv.includes('--dry-run')));
  // batch results writes JSON Lines already: --json would add nothing.
  assert.ok(refused.some((row) => row.argv[1] === 'results' && row.argv.includes('--json')));
});

let config = '';
before(() => {
  config = scratchConfigDir();
});
runMatrix(
  [
    ...refused,
    { name: 'create --wait without --background', argv: ['create', 'hi', '-m', 'p/gpt-4o', '--wait'], code: 2, message: /^--wait needs --background/, hint: /add --background, or drop --wait/, sent: 0 },
  ],
  { places: () => ({ GW: gw.url, CONFIG: config }), sent: () => gw.requests.length, clear: () => gw.clear() },
);

test('refused flags changed nothing: no config file was written', () => {
  assert.ok(!existsSync(join(config, 'config.json')));
});

test('history clear --dry-run says what it would remove and removes nothing', async (t) => {
  const local = await startGateway({ apiKeys: [KEY] });
  t.after(() => local.close());
  const dir = scratchConfigDir();
  const env = { TFY_LLM_BASE_URL: local.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: dir };
  for (const prompt of ['one', 'two']) assert.equal((await runCli(['create', prompt, '-m', 'p/gpt-4o'], { env })).code, 0);
  const before = readFileSync(join(dir, 'history.jsonl'), 'utf8');
  const dry = await runCli(['history', 'clear', '--dry-run'], { env });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /^would clear 2 entries from the history \(.+history\.jsonl\); nothing was removed\n$/);
  assert.equal(readFileSync(join(dir, 'history.jsonl'), 'utf8'), before);
  const real = await runCli(['history', 'clear'], { env });
  assert.equal(real.code, 0);
  assert.equal(readFileSync(join(dir, 'history.jsonl'), 'utf8'), '');
});

test('every command takes --no-color, even one that prints no colour', async () => {
  for (const argv of [['config', 'path'], ['completion', 'bash'], ['history', '-n', '1']]) {
    const result = await runCli([...argv, '--no-color'], { env: { TFY_LLM_CONFIG_DIR: scratchConfigDir() } });
    assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
  }
});

test('`help config set` is the help of config set, not of config', async () => {
  const viaHelp = await runCli(['help', 'config', 'set']);
  const viaFlag = await runCli(['config', 'set', '--help']);
  assert.equal(viaHelp.code, 0);
  assert.match(viaHelp.stdout, /^Usage: tfy-llm config set /);
  assert.equal(viaHelp.stdout, viaFlag.stdout);
});
