// GatewayClient.requestTimer: a per-request deadline its caller clears once the answer is read, so a
// batch of 200,000 requests does not keep 200,000 signals (and what they hold) alive for 180 s each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '../src/http/client.ts';

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
