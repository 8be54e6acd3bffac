import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { runCli, spawnCli } from './helpers/run-cli.ts';

// A key long enough to mask, distinctive enough to find if it leaked.
const SECRET = 'tfy-verbose-secret-key-9c41d2f0';

test('--verbose: request and response summaries on stderr, the key masked, the data still alone on stdout', async (t) => {
  const gw = await withGateway(t, { apiKeys: [SECRET] });
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: SECRET };
  const result = await runCli(['create', 'hi', '-m', 'p/gpt-4o', '-v', '-H', 'X-Api-Key: other-secret-value-1234', '-H', 'X-Team: blue'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^\*\*Hello from the demo gateway/);
  assert.doesNotMatch(result.stdout, /^(> POST|< 200|\* no proxy)/m);
  const lines = result.stderr.trim().split('\n');
  assert.match(lines[0] ?? '', /^\* no proxy · timeout 180s · up to 2 retries$/);
  assert.match(lines[1] ?? '', new RegExp(`^> POST ${gw.url}/responses · \\d+-byte body · attempt 1 of 3$`));
  assert.ok(lines.includes('>   authorization: Bearer tfy-…d2f0'), result.stderr);
  assert.ok(lines.includes('>   x-api-key: other-…1234'), result.stderr);
  assert.ok(lines.includes('>   x-team: blue'));
  assert.ok(lines.includes('>   x-tfy-provider-name: p'));
  assert.ok(!lines.some((line) => line.includes('x-stainless')), 'the SDK bookkeeping headers are left out');
  const requestId = gw.requests.length === 1 ? /request id (req_\w+)/.exec(result.stderr)?.[1] : undefined;
  assert.ok(requestId);
  assert.match(lines.at(-1) ?? '', /^< 200 OK in \d+ms · request id req_\w+ · application\/json · model p\/gpt-4o-2024-08-06$/);
  for (const secret of [SECRET, 'other-secret-value-1234']) assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret), secret);
});

test('without --verbose a success says nothing on stderr, and a failure has no stack trace', async (t) => {
  const gw = await withGateway(t);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: 'tfy-demo-key' };
  const ok = await runCli(['create', 'hi', '-m', 'p/x'], { env });
  assert.equal(ok.stderr, '');
  const failed = await runCli(['create', 'hi', '-m', 'p/bad-request'], { env });
  assert.equal(failed.code, 1);
  assert.equal(failed.stderr.trim().split('\n').length, 1, failed.stderr);
  assert.doesNotMatch(failed.stderr, /\n\s+at /);
});

test('--verbose adds the stack trace of the underlying failure, still without the key', async (t) => {
  const gw = await withGateway(t, { apiKeys: [SECRET] });
  const result = await runCli(['create', 'hi', '-m', 'p/forbidden-model', '--verbose'], { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: SECRET } });
  assert.equal(result.code, 4);
  assert.match(result.stderr, /^error: this key is not allowed to use model p\/forbidden-model \(HTTP 403\) \[request id: req_\w+\]$/m);
  assert.match(result.stderr, /^Error: 403 this key is not allowed/m);
  assert.match(result.stderr, /\n\s+at /);
  assert.ok(!result.stderr.includes(SECRET));
});

test('the built binary: --verbose shows each attempt and what the gateway said, with the key masked', async (t) => {
  const gw = await withGateway(t, { apiKeys: [SECRET], retryAfterSeconds: 0 });
  const result = await spawnCli(['create', 'hi', '-m', 'p/rate-limited', '--max-retries', '1', '--verbose'], {
    env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: SECRET },
  });
  assert.equal(result.code, 6);
  assert.equal(result.stderr.match(/^> POST /gm)?.length, 2);
  assert.equal(result.stderr.match(/^< 429 Too Many Requests/gm)?.length, 2);
  assert.match(result.stderr, /^>   user-agent: tfy-llm\/\d+\.\d+\.\d+ openai-node\/\d+/m);
  assert.ok(!result.stderr.includes(SECRET));
});

test('--verbose works the same for the stored-response commands: retrieve shows its GET and the 404', async (t) => {
  const gw = await withGateway(t, { apiKeys: [SECRET] });
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: SECRET };
  const result = await runCli(['retrieve', 'resp_missing', '--provider', 'p', '-v'], { env });
  assert.equal(result.code, 5);
  assert.match(result.stderr, new RegExp(`^> GET ${gw.url}/responses/resp_missing · attempt 1 of 3$`, 'm'));
  assert.match(result.stderr, /^< 404 Not Found in \d+ms · request id req_\w+ · application\/json$/m);
  assert.ok(result.stderr.includes('>   authorization: Bearer tfy-…d2f0'));
  assert.ok(!result.stderr.includes(SECRET));
});
