import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { DEFAULT_TIMEOUT_SECONDS, IdleTimeoutError, withIdleTimeout } from '../src/http/timeouts.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli } from './helpers/run-cli.ts';

const envFor = (url: string) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY });

test('--timeout bounds the whole request: a slow answer is abandoned, not retried, and the message says after how long', async (t) => {
  const gw = await withGateway(t, { slowMs: 20_000 });
  // Long enough for the request to reach the gateway even on a busy machine.
  const result = await runCli(['create', 'hi', '-m', 'p/slow', '--timeout', '1.5'], { env: envFor(gw.url) });
  assert.equal(result.code, 1);
  assert.equal(gw.requests.length, 1, 'a timed-out request is not sent again');
  assert.equal(result.stderr, [
    `error: the request to ${gw.url} timed out after 1.5s`,
    'hint: raise the limit with --timeout <seconds>, or check that the gateway is up',
    '',
  ].join('\n'));
});

test('the deadline covers retries and their backoff: a failing gateway is given up on when time runs out', async (t) => {
  const gw = await withGateway(t, { retryAfterSeconds: 30 });
  const result = await runCli(['create', 'hi', '-m', 'p/rate-limited', '--timeout', '1.5', '--max-retries', '5'], { env: envFor(gw.url) });
  assert.equal(result.code, 1);
  // Retry-After asked for 30 s; the 1.5 s budget ran out while waiting, so one request only.
  assert.equal(gw.requests.length, 1);
  assert.match(result.stderr, /^error: the request to \S+ timed out after 1\.5s \(the last answered HTTP 429\)\n/);
});

test('with --json, a timeout is also one JSON line on stderr', async (t) => {
  const gw = await withGateway(t, { slowMs: 20_000 });
  const result = await runCli(['create', 'hi', '-m', 'p/slow', '--timeout', '0.2', '--json'], { env: envFor(gw.url) });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  const json = JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '') as unknown;
  assert.deepEqual(json, { error: { message: `the request to ${gw.url} timed out after 0.2s`, type: 'timeout', status: null, request_id: null, exit_code: 1 } });
});

test(`without --timeout the limit is ${DEFAULT_TIMEOUT_SECONDS}s; --verbose says which limit and retries are in force`, async (t) => {
  const gw = await withGateway(t);
  const plain = await runCli(['create', 'hi', '-m', 'p/x', '-v'], { env: envFor(gw.url) });
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stderr, new RegExp(`^\\* no proxy · timeout ${DEFAULT_TIMEOUT_SECONDS}s · up to 2 retries$`, 'm'));
  const custom = await runCli(['create', 'hi', '-m', 'p/x', '-v', '--timeout', '42', '--max-retries', '0'], { env: envFor(gw.url) });
  assert.equal(custom.code, 0, custom.stderr);
  assert.match(custom.stderr, /^\* no proxy · timeout 42s · up to 0 retries$/m);
});

test('Ctrl-C during a request is exit 130 "interrupted", not a timeout', async (t) => {
  const gw = await withGateway(t, { slowMs: 20_000 });
  const controller = new AbortController();
  const running = runCli(['create', 'hi', '-m', 'p/slow'], { env: envFor(gw.url), signal: controller.signal });
  while (gw.requests.length === 0) await sleep(5);
  controller.abort();
  const result = await running;
  assert.equal(result.code, 130);
  assert.equal(result.stderr, 'error: interrupted\n');
});

async function* ticks(delays: number[], signal?: AbortSignal): AsyncGenerator<number> {
  for (const [index, delay] of delays.entries()) {
    await sleep(delay, undefined, { signal });
    yield index;
  }
}

test('withIdleTimeout passes events through while they keep coming', async () => {
  const seen: number[] = [];
  for await (const event of withIdleTimeout(ticks([0, 5, 5]), { ms: 1000 })) seen.push(event);
  assert.deepEqual(seen, [0, 1, 2]);
});

test('withIdleTimeout fails after a silence, calls onIdle to abort, and only waiting for the source counts', async () => {
  const seen: number[] = [];
  let aborted = 0;
  const source = new AbortController();
  const onIdle = () => {
    aborted++;
    source.abort();
  };
  const idle = withIdleTimeout(ticks([0, 0, 20_000], source.signal), { ms: 100, onIdle, from: 'http://gw' });
  await assert.rejects(async () => {
    for await (const event of idle) {
      seen.push(event);
      await sleep(150); // the consumer's own time is not silence
    }
  }, (err: unknown) => {
    assert.ok(err instanceof IdleTimeoutError);
    assert.equal(err.message, 'the stream from http://gw went quiet: no event for 0.1s, so tfy-llm gave up');
    assert.equal(err.exitCode, 1);
    assert.equal(err.type, 'timeout');
    return true;
  });
  assert.deepEqual(seen, [0, 1]);
  assert.equal(aborted, 1);
});

test('withIdleTimeout on a real SDK stream: a stalled stream is aborted and the gateway sees the connection close', async (t) => {
  let closedEarly = false;
  const gw = await withGateway(t, { streamPauseMs: 20_000, log: (line) => (closedEarly ||= line.includes('(connection closed early)')) });
  const client = new OpenAI({ apiKey: KEY, baseURL: gw.url, defaultHeaders: { 'x-tfy-provider-name': 'p' }, logLevel: 'off' });
  const stream = await client.responses.create({ model: 'p/slow-stream', input: 'hi', stream: true });
  const types: string[] = [];
  await assert.rejects(async () => {
    for await (const event of withIdleTimeout(stream, { ms: 200, onIdle: () => stream.controller.abort() })) types.push(event.type);
  }, IdleTimeoutError);
  assert.ok(types.includes('response.output_text.delta'), types.join());
  assert.ok(!types.includes('response.completed'));
  while (!closedEarly) await sleep(5);
});
