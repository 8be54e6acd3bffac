// GatewayClient.requestTimer: a per-request deadline its caller clears once the answer is read, so a
// batch of 200,000 requests does not keep 200,000 signals (and what they hold) alive for 180 s each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getEventListeners, once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { APIUserAbortError } from 'openai/error';
import { createClient } from '../src/http/client.ts';
import { DEMO_API_KEY, withGateway } from './helpers/fake-gateway.ts';

const client = (timeoutMs: number | undefined, commandDeadline?: AbortSignal) =>
  createClient({ connection: { baseURL: 'http://127.0.0.1:9/v1' } as never, apiKey: 'k', timeoutMs, commandDeadline });

test('requestTimer: fires as a timeout and marks the client timed out when not cleared', async () => {
  const c = client(30);
  const timer = c.requestTimer(undefined);
  await sleep(80);
  assert.equal(timer.signal.aborted, true);
  assert.equal((timer.signal.reason as Error).name, 'TimeoutError');
  assert.equal(c.timedOut, true);
});

test('requestTimer: cleared, it never fires and the client is not timed out', async () => {
  const c = client(30);
  const timer = c.requestTimer(undefined);
  timer.clear();
  await sleep(80);
  assert.equal(timer.signal.aborted, false);
  assert.equal(c.timedOut, false);
});

test('requestTimer: follows the signal it was given (Ctrl-C), and lets go of it once cleared', () => {
  const c = client(10_000);
  const run = new AbortController();
  const first = c.requestTimer(run.signal);
  first.clear();
  const second = c.requestTimer(run.signal);
  run.abort(new Error('stop'));
  second.clear();
  assert.equal(first.signal.aborted, false);
  assert.equal(second.signal.aborted, true);
  assert.equal((second.signal.reason as Error).message, 'stop');
  const late = c.requestTimer(run.signal);
  assert.equal(late.signal.aborted, true);
  late.clear();
});

test('requestTimer: many requests on one signal add one listener to it, not one each', () => {
  const c = client(10_000);
  const run = new AbortController();
  const timers = Array.from({ length: 1000 }, () => c.requestTimer(run.signal));
  assert.equal(getEventListeners(run.signal, 'abort').length, 1);
  for (const timer of timers.slice(0, 500)) timer.clear();
  run.abort(new Error('stop'));
  assert.deepEqual([timers[0]?.signal.aborted, timers[999]?.signal.aborted], [false, true]);
  for (const timer of timers.slice(500)) timer.clear();
});

test('requestTimer: no timer of its own when a command deadline or no timeout is in force', async () => {
  for (const c of [client(undefined), client(30, new AbortController().signal)]) {
    const timer = c.requestTimer(undefined);
    await sleep(80);
    assert.equal(timer.signal.aborted, false);
    timer.clear();
  }
});

// Sent through the client as a batch sends each line, against the demo gateway.
const against = (url: string, timeoutMs: number | undefined, commandDeadline?: AbortSignal) =>
  createClient({ connection: { baseURL: url } as never, apiKey: DEMO_API_KEY, provider: 'my-openai', timeoutMs, maxRetries: 2, commandDeadline });
const ask = (c: ReturnType<typeof client>, signal: AbortSignal) =>
  c.responses.create({ model: 'my-openai/gpt-4o', input: 'hello' }, { signal });

for (const deadline of [false, true]) {
  test(`requestTimer: a request on its signal is sent with nothing composed per request (no AbortSignal.any), and answered${deadline ? ', with a command deadline (--timeout) too' : ''}`, async (t) => {
  const gw = await withGateway(t);
  const c = deadline ? against(gw.url, 60_000, AbortSignal.timeout(60_000)) : against(gw.url, 10_000);
  const run = new AbortController();
  const any = AbortSignal.any;
  let composed = 0;
  AbortSignal.any = (signals) => {
    composed++;
    return any.call(AbortSignal, signals);
  };
  try {
    const answers = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const timer = c.requestTimer(run.signal);
        try {
          return await ask(c, timer.signal);
        } finally {
          timer.clear();
        }
      }),
    );
    assert.deepEqual(answers.map((a) => a.status), Array(5).fill('completed'));
    assert.equal(composed, 0);
  } finally {
    AbortSignal.any = any;
  }
  });
}

test('requestTimer: an abort reaches a retried attempt too (the first answered 500, the second hangs)', { timeout: 20_000 }, async (t) => {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    if (hits === 1) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"boom"}}');
    // The second attempt is never answered.
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  // No deadline for minutes: only the abort can end the second attempt (a test timeout if it does not).
  const c = against(`http://127.0.0.1:${port}/api/llm`, 600_000);
  const run = new AbortController();
  const timer = c.requestTimer(run.signal);
  const sent = ask(c, timer.signal);
  while (hits < 2) await sleep(10);
  run.abort(new Error('stop'));
  await assert.rejects(sent, (err: Error) => err instanceof APIUserAbortError && (err.cause as Error).message === 'stop');
  timer.clear();
  assert.equal(hits, 2);
});

test('requestTimer: the caller aborting (Ctrl-C) ends a request in flight as the caller\'s abort, not retried', async (t) => {
  const gw = await withGateway(t, { latencyMs: 5000 });
  const c = against(gw.url, 10_000);
  const run = new AbortController();
  const timer = c.requestTimer(run.signal);
  const sent = ask(c, timer.signal);
  while (gw.requests.length === 0) await sleep(10);
  run.abort(new Error('stop'));
  await assert.rejects(sent, (err: Error) => err instanceof APIUserAbortError && (err.cause as Error).message === 'stop');
  timer.clear();
  assert.equal(c.timedOut, false);
  assert.equal(gw.requests.length, 1);
});

test('requestTimer: its deadline ends a request in flight as a timeout, not retried', async (t) => {
  const gw = await withGateway(t, { latencyMs: 5000 });
  const c = against(gw.url, 100);
  const timer = c.requestTimer(new AbortController().signal);
  await assert.rejects(ask(c, timer.signal), (err: Error) => err instanceof APIUserAbortError && (err.cause as Error).name === 'TimeoutError');
  timer.clear();
  assert.equal(c.timedOut, true);
  assert.equal(gw.requests.length, 1);
});

test('requestTimer: the command\'s deadline (an explicit --timeout) reaches every request\'s signal, and lets go of it once cleared', () => {
  const deadline = new AbortController();
  const c = client(30, deadline.signal);
  const cleared = c.requestTimer(undefined);
  cleared.clear();
  const open = c.requestTimer(new AbortController().signal);
  deadline.abort(new DOMException('late', 'TimeoutError'));
  assert.equal(cleared.signal.aborted, false);
  assert.equal(open.signal.aborted, true);
  assert.equal((open.signal.reason as Error).message, 'late');
  assert.equal(c.timedOut, true);
  open.clear();
});
