import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Prompter, Validate } from '../src/terminal/prompt.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir, type RunOptions } from './helpers/run-cli.ts';

type Kind = 'input' | 'password' | 'select' | 'confirm';
type Step = [kind: Kind, message: RegExp, answer: string | boolean];

interface Asked {
  kind: Kind;
  message: string;
  choices?: string[];
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
    ['input', /Default provider/, 'openai-main'],
    ['input', /Default model/, 'gpt-4o'],
    ['confirm', /test request/, true],
  ]);
  const result = await cli(['config', 'init'], { extraDeps: { prompt } });
  assert.equal(result.code, 0, result.stderr);

  // The gateway choices offer both TrueFoundry forms; the URL and key are checked as typed.
  assert.deepEqual(asked[1]?.choices, ['saas', 'control-plane', 'other']);
  assert.notEqual(asked[2]?.validate?.('gateway.example'), true);
  assert.notEqual(asked[2]?.validate?.('ftp://gateway.example'), true);
  assert.notEqual(asked[4]?.validate?.(''), true);
  assert.notEqual(asked[4]?.validate?.('has space'), true);

  // The test call went to the gateway with the typed key and the provider header.
  assert.deepEqual(gw.requests.map((r) => `${r.method} ${r.path}`), ['GET /api/llm/models', 'POST /api/llm/responses']);
  assert.equal(gw.requests[1]?.headers['x-tfy-provider-name'], 'openai-main');
  assert.match(result.stderr, /✓ provider routing: provider openai-main answered openai-main\/gpt-4o/);
  assert.match(result.stderr, /✓ saved profile "dev", key tfy-…-key in .*config\.json; it is now active/);
  assert.ok(!result.stderr.includes(KEY) && !result.stdout.includes(KEY));

  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), {
    active: 'dev',
    profiles: { dev: { 'base-url': gw.url, 'api-key': KEY, provider: 'openai-main', model: 'gpt-4o' } },
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
    ['input', /Default provider/, ''],
    ['input', /Default model/, ''],
    ['confirm', /test request/, false],
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
    ['input', /Default provider/, 'p1'],
    ['input', /Default model/, 'gpt-4o'],
    ['confirm', /test request/, false],
  ]);
  const result = await cli(['config', 'init', 'dev'], { extraDeps: { prompt } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(asked[0]?.default, 'keep');
  assert.deepEqual(asked[1]?.choices, ['keep', 'paste', 'command']);
  assert.equal(asked[3]?.default, 'gpt-4o');
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
    ['input', /Default provider/, 'openai-main'],
    ['input', /Default model/, 'gpt-4o'],
    ['confirm', /test request/, true],
    ['confirm', /Save the profile anyway/, false],
  ]);
  const result = await cli(['config', 'init', 'dev'], { extraDeps: { prompt } });
  assert.equal(result.code, 1);
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
