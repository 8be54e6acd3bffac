import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Prompter, Validate } from '../src/terminal/prompt.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir, type RunOptions } from './helpers/run-cli.ts';

type Kind = 'input' | 'password' | 'select' | 'confirm' | 'search';
type Step = [kind: Kind, message: RegExp, answer: string | boolean];

interface Asked {
  kind: Kind;
  message: string;
  choices?: string[];
  /** For a search: the choices offered for each term typed, in the order tried. */
  searched?: Record<string, string[]>;
  default?: unknown;
  validate?: Validate | undefined;
}

/** Answers the questions in order, checking each is the one expected; records what was asked. */
function scripted(steps: Step[]): { prompt: Prompter; asked: Asked[] } {
  const asked: Asked[] = [];
  const next = (question: Asked): string | boolean => {
    asked.push(question);
    const step = steps.shift();
    assert.ok(step, `unexpected question: ${question.message}`);
    assert.equal(question.kind, step[0], question.message);
    assert.match(question.message, step[1]);
    if (typeof step[2] === 'string' && question.validate) assert.equal(question.validate(step[2]), true, `${question.message}: ${step[2]}`);
    return step[2];
  };
  const prompt: Prompter = {
    input: async (q) => next({ kind: 'input', ...q }) as string,
    password: async (q) => next({ kind: 'password', ...q }) as string,
    select: async (q) => next({ kind: 'select', message: q.message, choices: q.choices.map((c) => c.value), default: q.default }) as never,
    confirm: async (q) => next({ kind: 'confirm', ...q }) as boolean,
    search: async (q) => {
      const searched = Object.fromEntries(['', 'mini', 'claude haiku', 'nothing-like-it'].map((term) => [term, q.source(term || undefined).map((c) => c.value)]));
      return next({ kind: 'search', message: q.message, searched }) as never;
    },
  };
  return { prompt, asked };
}

function cliIn(t: TestContext) {
  const dir = join(tempDir(t), 'cfg');
  const cli = (argv: string[], options: RunOptions = {}) => runCli(argv, { ...options, env: { TFY_LLM_CONFIG_DIR: dir, ...options.env } });
  return { dir, path: join(dir, 'config.json'), cli };
}

test('config init on a terminal: URL, masked key, provider, model, a test call, then the profile is active', async (t) => {
  const gw = await withGateway(t);
  const { cli, path, dir } = cliIn(t);
  const { prompt, asked } = scripted([
    ['input', /Profile name/, 'dev'],
    ['select', /Gateway/, 'other'],
    ['input', /base URL/, `${gw.url}/`],
    ['select', /API key/, 'paste'],
    ['password', /API key \(input hidden\)/, KEY],
    ['confirm', /Connect to the gateway now/, true],
    ['search', /Default model \(\d+ listed; type to search\)/, 'my-openai/gpt-4o-mini'],
  ]);
  const result = await cli(['config', 'init'], { extraDeps: { prompt } });
  assert.equal(result.code, 0, result.stderr);

  // The gateway choices offer both TrueFoundry forms; the URL and key are checked as typed.
  assert.deepEqual(asked[1]?.choices, ['saas', 'control-plane', 'other']);
  assert.notEqual(asked[2]?.validate?.('gateway.example'), true);
  assert.notEqual(asked[2]?.validate?.('ftp://gateway.example'), true);
  assert.notEqual(asked[4]?.validate?.(''), true);
  assert.notEqual(asked[4]?.validate?.('has space'), true);

  // The picker offers the gateway's models, filtered by every word typed, and then another name or none.
  const searched = asked[6]?.searched ?? {};
  assert.ok(searched['']?.includes('my-anthropic/claude-sonnet-4') && searched['']?.includes('my-openai/gpt-4o'));
  assert.deepEqual(searched['mini']?.slice(0, -2), ['my-openai/gpt-4o-mini', 'my-openai/gpt-4.1-mini', 'my-openai/o4-mini', 'demo-openai/gpt-4o-mini']);
  assert.deepEqual(searched['claude haiku']?.slice(0, -2), ['my-anthropic/claude-3-5-haiku']);
  assert.deepEqual(searched['nothing-like-it'], [' other', ' none']);

  // The models were listed, then the test call went to the gateway with the typed key and the picked provider.
  assert.deepEqual(gw.requests.map((r) => `${r.method} ${r.path}`), ['GET /api/llm/models', 'GET /api/llm/models', 'POST /api/llm/responses']);
  assert.equal(gw.requests[2]?.headers['x-tfy-provider-name'], 'my-openai');
  assert.match(result.stderr, /✓ provider routing: provider my-openai answered my-openai\/gpt-4o-mini/);
  assert.match(result.stderr, /✓ saved profile "dev", key tfy-…-key in .*config\.json; it is now active/);
  assert.ok(!result.stderr.includes(KEY) && !result.stdout.includes(KEY));

  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), {
    active: 'dev',
    profiles: { dev: { 'base-url': gw.url, 'api-key': KEY, provider: 'my-openai', model: 'my-openai/gpt-4o-mini' } },
  });
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);

  // And the profile works.
  const create = await cli(['create', 'hi']);
  assert.equal(create.code, 0, create.stderr);
});

test('bare `config` is `config init`; the control-plane form becomes <url>/api/llm; an api-key-command instead of a key', async (t) => {
  const { cli, path } = cliIn(t);
  const { prompt } = scripted([
    ['input', /Profile name/, 'prod'],
    ['select', /Gateway/, 'control-plane'],
    ['input', /Control-plane URL/, 'https://acme.truefoundry.cloud/'],
    ['select', /API key/, 'command'],
    ['input', /Command that prints the key/, 'pass show tfy/prod'],
    ['confirm', /Connect to the gateway now/, false],
    ['input', /Default provider/, ''],
    ['input', /Default model/, ''],
  ]);
  const result = await cli(['config'], { extraDeps: { prompt } });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), {
    active: 'prod',
    profiles: { prod: { 'base-url': 'https://acme.truefoundry.cloud/api/llm', 'api-key-command': 'pass show tfy/prod' } },
  });
});

test('config init <name> on an existing profile offers to keep its URL and key', async (t) => {
  const { cli, path } = cliIn(t);
  await cli(['config', 'add', 'dev', '--base-url', 'https://gateway.truefoundry.ai', '--api-key-stdin', '--model', 'gpt-4o', '-H', 'X-Team: a'], { stdin: 'tfy-kept-key-1234abcd' });
  await cli(['config', 'add', 'other', '--base-url', 'http://127.0.0.1:1/v1']);
  const { prompt, asked } = scripted([
    ['select', /Gateway/, 'keep'],
    ['select', /API key/, 'keep'],
    ['confirm', /Connect to the gateway now/, false],
    ['input', /Default provider/, 'p1'],
    ['input', /Default model/, 'gpt-4o'],
  ]);
  const result = await cli(['config', 'init', 'dev'], { extraDeps: { prompt } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(asked[0]?.default, 'keep');
  assert.deepEqual(asked[1]?.choices, ['keep', 'paste', 'command']);
  assert.equal(asked[4]?.default, 'gpt-4o');
  const data = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(data.profiles.dev, { 'base-url': 'https://gateway.truefoundry.ai', 'api-key': 'tfy-kept-key-1234abcd', model: 'gpt-4o', headers: { 'x-team': 'a' }, provider: 'p1' });
  assert.equal(data.active, 'dev');
  assert.equal(data.profiles.other['base-url'], 'http://127.0.0.1:1/v1');
});

test('config init: a failed test call asks before saving; "no" saves nothing', async (t) => {
  const gw = await withGateway(t);
  const { cli, path } = cliIn(t);
  const { prompt } = scripted([
    ['select', /Gateway/, 'other'],
    ['input', /base URL/, gw.url],
    ['select', /API key/, 'paste'],
    ['password', /API key/, 'tfy-wrong-key-9999'],
    ['confirm', /Connect to the gateway now/, true],
    ['input', /Default provider/, 'openai-main'],
    ['input', /Default model/, 'gpt-4o'],
    ['confirm', /Save the profile anyway/, false],
  ]);
  const result = await cli(['config', 'init', 'dev'], { extraDeps: { prompt } });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /could not list the models \(Invalid API key \(HTTP 401\)[^\n]*\): type the names instead/);
  assert.match(result.stderr, /✗ key accepted: Invalid API key \(HTTP 401\)/);
  assert.match(result.stderr, /error: nothing was saved/);
  assert.ok(!result.stderr.includes('tfy-wrong-key-9999'));
  assert.equal(existsSync(path), false);
});

test('config init without a terminal prints the config add command to run instead; exit 2, nothing written', async (t) => {
  const { cli, path } = cliIn(t);
  for (const argv of [['config', 'init', 'prod'], ['config']]) {
    const result = await cli(argv, { stdin: '' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: config init asks its questions on a terminal, and stdin is not one\n/);
    assert.match(result.stderr, /\nhint: to set up without questions, run: printf '%s' "\$TFY_API_KEY" \| tfy-llm config add (prod|default) --base-url https:\/\/gateway\.truefoundry\.ai --api-key-stdin --provider <provider> --model <model> --use\n$/);
    assert.equal(result.stdout, '');
  }
  assert.equal(existsSync(path), false);
});

test('config init: "another name" asks for provider and model; a bare model with no provider is refused as it is typed', async (t) => {
  const gw = await withGateway(t);
  const { cli, path } = cliIn(t);
  const { prompt, asked } = scripted([
    ['select', /Gateway/, 'other'],
    ['input', /base URL/, gw.url],
    ['select', /API key/, 'paste'],
    ['password', /API key/, KEY],
    ['confirm', /Connect to the gateway now/, true],
    ['search', /Default model/, ' other'],
    ['input', /Default provider/, ''],
    ['input', /Default model/, 'my-anthropic/claude-sonnet-4'],
  ]);
  const result = await cli(['config', 'init', 'dev'], { extraDeps: { prompt } });
  assert.equal(result.code, 0, result.stderr);
  const model = asked.find((q) => q.kind === 'input' && /Default model/.test(q.message));
  assert.match(String(model?.validate?.('gpt-4o')), /no default provider: give the model as provider\/model/);
  assert.equal(model?.validate?.(''), true);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).profiles.dev, { 'base-url': gw.url, 'api-key': KEY, model: 'my-anthropic/claude-sonnet-4' });
  // With a provider, a bare name is fine: the provider goes in front when sending.
  const { prompt: withProvider, asked: askedAgain } = scripted([
    ['select', /Gateway/, 'keep'],
    ['select', /API key/, 'keep'],
    ['confirm', /Connect to the gateway now/, false],
    ['input', /Default provider/, 'my-openai'],
    ['input', /Default model/, 'gpt-4o'],
  ]);
  assert.equal((await cli(['config', 'init', 'dev'], { extraDeps: { prompt: withProvider } })).code, 0);
  assert.equal(askedAgain.at(-1)?.validate?.('gpt-4o'), true);
});
