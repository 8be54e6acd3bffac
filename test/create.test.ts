import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { deadPort } from './helpers/ports.ts';
import { KEY, runCli, spawnCli } from './helpers/run-cli.ts';

const envFor = (url: string, extra: Record<string, string> = {}) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY, ...extra });

test('create sends the prompt through the openai client with the key and the provider from the model prefix', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hello', 'world', '--model', 'my-openai/gpt-4o'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(gw.requests.length, 1);
  const [request] = gw.requests;
  assert.equal(request?.method, 'POST');
  assert.equal(request?.path, '/api/llm/responses');
  assert.equal(request?.headers.authorization, `Bearer ${KEY}`);
  assert.equal(request?.headers['x-tfy-provider-name'], 'my-openai');
  assert.deepEqual(request?.body, { model: 'my-openai/gpt-4o', input: 'hello world' });
  // In a pipe: the text alone and one newline, nothing on stderr.
  assert.match(result.stdout, /^\*\*Hello from the demo gateway\.\*\*/);
  assert.ok(result.stdout.endsWith('\n') && !result.stdout.endsWith('\n\n'));
  assert.match(result.stdout, /> hello world\n$/);
  assert.equal(result.stderr, '');
});

test('--provider overrides the model prefix for the routing header', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', '-m', 'gpt-4o', '--provider', 'azure-east'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(gw.requests[0]?.headers['x-tfy-provider-name'], 'azure-east');
  assert.equal((gw.requests[0]?.body as { model: string }).model, 'azure-east/gpt-4o');
});

test('TFY_HOST is a control-plane URL; TFY_LLM_PROVIDER and TFY_LLM_MODEL fill in the rest', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi'], {
    env: { TFY_HOST: gw.origin, TFY_API_KEY: KEY, TFY_LLM_PROVIDER: 'p1', TFY_LLM_MODEL: 'gpt-4o-mini' },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(gw.requests[0]?.path, '/api/llm/responses');
  assert.equal(gw.requests[0]?.headers['x-tfy-provider-name'], 'p1');
  assert.equal((gw.requests[0]?.body as { model: string }).model, 'p1/gpt-4o-mini');
});

test('--json prints the API object unchanged: the raw body, one document', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', '-m', 'p/gpt-4o', '--json'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  const doc = JSON.parse(result.stdout) as { id: string; object: string; output: unknown[] };
  assert.match(doc.id, /^resp_/);
  assert.equal(doc.object, 'response');
  // The SDK adds a convenience `output_text` to parsed responses; the API's own object has none.
  assert.equal('output_text' in doc, false);
  assert.deepEqual(doc, gw.responses('p').get(doc.id));
});

test('on a terminal: the text on stdout, then a footer on stderr with id, resolved model and tokens', async (t) => {
  const gw = await withGateway(t);
  let clock = 1_000;
  const result = await runCli(['create', 'hi', 'there', '-m', 'openai-main/gpt-4o'], {
    env: envFor(gw.url),
    stdoutTTY: true,
    now: () => (clock += 1_200),
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Hello from the demo gateway/);
  const id = [...gw.responses('openai-main').keys()][0];
  assert.ok(id);
  assert.ok(result.stderr.includes(id), result.stderr);
  assert.match(result.stderr, /openai-main\/gpt-4o-2024-08-06/);
  assert.match(result.stderr, /\d+ in \/ \d+ out/);
  assert.match(result.stderr, /1\.2s/);
});

test('no base URL or no key: exit 3 with a hint, before anything else is checked', async () => {
  const none = await runCli(['create', 'hi'], { env: {} });
  assert.equal(none.code, 3);
  assert.match(none.stderr, /^error: no gateway base URL is configured\nhint: .*tfy-llm config init.*TFY_API_KEY/);
  const noKey = await runCli(['create', 'hi', '-m', 'p/m'], { env: { TFY_LLM_BASE_URL: 'http://127.0.0.1:1/v1' } });
  assert.equal(noKey.code, 3);
  assert.match(noKey.stderr, /no API key/);
});

test('a wrong key is exit 4 with the gateway message and request id, and the key is never shown', async (t) => {
  const gw = await withGateway(t);
  const wrong = 'tfy-wrong-key-that-must-not-leak-0000';
  const result = await runCli(['create', 'hi', '-m', 'p/gpt-4o'], { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: wrong } });
  assert.equal(result.code, 4);
  assert.match(result.stderr, /^error: Invalid API key \(HTTP 401\) \[request id: req_[0-9a-f]+\]\nhint: /);
  assert.equal(result.stdout, '');
  assert.ok(!result.stderr.includes(wrong) && !result.stdout.includes(wrong));
});

test('an unreachable gateway is exit 1 with one line naming where it tried', async () => {
  const port = await deadPort();
  const url = `http://127.0.0.1:${port}/api/llm`;
  const result = await runCli(['create', 'hi', '-m', 'p/m', '--max-retries', '0'], { env: envFor(url) });
  assert.equal(result.code, 1);
  const [first, second, ...rest] = result.stderr.trim().split('\n');
  assert.equal(first, `error: could not connect to ${url} (ECONNREFUSED)`);
  assert.match(second ?? '', /^hint: /);
  assert.deepEqual(rest, []);
});

test('no prompt at all is exit 2 and sends nothing', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', '-m', 'p/m'], { env: envFor(gw.url) });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: no prompt given/);
  assert.equal(gw.requests.length, 0);
});

test('commander usage errors of a subcommand reach the injected stderr and exit 2', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', '--bogus'], { env: envFor(gw.url) });
  assert.equal(result.code, 2);
  assert.equal(result.stderr, "error: unknown option '--bogus'\nhint: see tfy-llm create --help\n");
  assert.equal(gw.requests.length, 0);
});

test('the built binary runs end to end, as a user would run it', async (t) => {
  const gw = await withGateway(t);
  const result = await spawnCli(['create', 'from', 'the', 'binary', '--model', 'demo/gpt-4o'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /> from the binary\n$/);
  const json = await spawnCli(['create', 'hi', '-m', 'demo/gpt-4o', '--json'], { env: envFor(gw.url) });
  assert.match((JSON.parse(json.stdout) as { id: string }).id, /^resp_/);
  const bad = await spawnCli(['create', 'hi', '--timeout', 'soon'], { env: envFor(gw.url) });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: option '--timeout <seconds>' argument 'soon' is invalid/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});
