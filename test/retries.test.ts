import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli } from './helpers/run-cli.ts';

const envFor = (url: string) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY });
const attemptLines = (stderr: string) => stderr.split('\n').filter((line) => /^> POST /.test(line));

test('429 forever: 1 + --max-retries requests arrive, then exit 6 with the attempts counted', async (t) => {
  const gw = await withGateway(t, { retryAfterSeconds: 0 });
  for (const retries of [0, 1, 3]) {
    gw.clear();
    const result = await runCli(['create', 'hi', '-m', 'p/rate-limited', '--max-retries', String(retries)], { env: envFor(gw.url) });
    assert.equal(result.code, 6, result.stderr);
    assert.equal(gw.requests.length, 1 + retries, `--max-retries ${retries}`);
    const suffix = retries === 0 ? '(HTTP 429)' : `(HTTP 429, ${1 + retries} attempts)`;
    assert.match(result.stderr, new RegExp(`^error: Rate limit reached for this model\\. Please try again later\\. ${suffix.replace(/[()]/g, '\\$&')} \\[request id: req_`));
  }
});

test('the default is 2 retries: a 500 that never heals is sent 3 times, and each attempt shows under --verbose', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', '-m', 'p/always-500', '--verbose'], { env: envFor(gw.url) });
  assert.equal(result.code, 1);
  assert.equal(gw.requests.length, 3);
  const attempts = attemptLines(result.stderr);
  assert.deepEqual(attempts.map((line) => /attempt (\d) of (\d)/.exec(line)?.slice(1, 3).join('/')), ['1/3', '2/3', '3/3']);
  const answers = result.stderr.split('\n').filter((line) => line.startsWith('< '));
  assert.equal(answers.length, 3);
  assert.match(answers[0] ?? '', /^< 500 Internal Server Error in \d+ms · request id req_\w+ · application\/json · retrying$/);
  assert.doesNotMatch(answers[2] ?? '', /retrying/);
  assert.match(result.stderr, /^error: The server had an error while processing your request\. \(HTTP 500, 3 attempts\)/m);
});

test('5xx answers that are not JSON are retried too; 4xx answers are not retried', async (t) => {
  const gw = await withGateway(t);
  for (const [model, sent, code] of [['html-error', 2, 1], ['empty-error', 2, 1], ['bad-request', 1, 1], ['forbidden-model', 1, 4]] as const) {
    gw.clear();
    const result = await runCli(['create', 'hi', '-m', `p/${model}`, '--max-retries', '1'], { env: envFor(gw.url) });
    assert.equal(result.code, code, `${model}: ${result.stderr}`);
    assert.equal(gw.requests.length, sent, model);
  }
  gw.clear();
  const wrongKey = await runCli(['create', 'hi', '-m', 'p/x'], { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: 'tfy-not-the-key-000000' } });
  assert.equal(wrongKey.code, 4);
  assert.equal(gw.requests.length, 1, '401 is not retried');
});

test('Retry-After is honoured: the retry waits as long as the gateway asked', async (t) => {
  const arrivals: number[] = [];
  // The log callback runs when each answer closes; a 429 closes right away, so this is close to arrival.
  const gw = await withGateway(t, { retryAfterSeconds: 1, log: () => arrivals.push(performance.now()) });
  const result = await runCli(['create', 'hi', '-m', 'p/rate-limited', '--max-retries', '1', '-v'], { env: envFor(gw.url) });
  assert.equal(result.code, 6);
  assert.equal(arrivals.length, 2);
  // Without the header the first backoff is at most 0.5 s; the gateway asked for 1 s.
  const gap = (arrivals[1] ?? 0) - (arrivals[0] ?? 0);
  assert.ok(gap >= 950, `waited only ${Math.round(gap)}ms`);
  assert.match(result.stderr, /^< 429 Too Many Requests in \d+ms · request id req_\w+ · application\/json · retry-after 1 · retrying$/m);
});

test('a connection refused is retried too (visible under --verbose), then exit 1', async () => {
  const { deadPort } = await import('./helpers/ports.ts');
  const url = `http://127.0.0.1:${await deadPort()}/api/llm`;
  const result = await runCli(['create', 'hi', '-m', 'p/m', '--max-retries', '1', '-v'], { env: envFor(url) });
  assert.equal(result.code, 1);
  assert.equal(attemptLines(result.stderr).length, 2);
  assert.match(result.stderr, /^< no answer: ECONNREFUSED after \d+ms · retrying$/m);
  assert.match(result.stderr, new RegExp(`^error: could not connect to ${url} \\(ECONNREFUSED; 2 attempts\\)$`, 'm'));
});
