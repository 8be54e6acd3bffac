// The wait the spinner announces before a retry is the one the openai client will take.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryText, retryWaitMs } from '../src/http/retry-note.ts';

test('retryWaitMs follows the openai client: retry-after-ms, retry-after (seconds or a date), else 0.5 s doubling to 8 s', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  assert.equal(retryWaitMs(new Headers({ 'retry-after-ms': '1500' }), 0, now), 1500);
  assert.equal(retryWaitMs(new Headers({ 'retry-after': '2' }), 0, now), 2000);
  assert.equal(retryWaitMs(new Headers({ 'retry-after': new Date(now + 3000).toUTCString() }), 0, now), 3000);
  // Longer than a minute: the client ignores it and backs off instead.
  assert.equal(retryWaitMs(new Headers({ 'retry-after': '120' }), 1, now), 1000);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((n) => retryWaitMs(undefined, n, now)), [500, 1000, 2000, 4000, 8000, 8000]);
});

test('retryText names the cause: a 429, another status, or no answer', () => {
  assert.equal(retryText({ status: 429, next: 2, of: 3, waitMs: 2000 }), 'rate limited, retrying in 2 s (2/3)');
  assert.equal(retryText({ status: 503, next: 3, of: 3, waitMs: 500 }), 'the gateway answered HTTP 503, retrying in 0.5 s (3/3)');
  assert.equal(retryText({ reason: 'ECONNREFUSED', next: 2, of: 2, waitMs: 12_400 }), 'no answer (ECONNREFUSED), retrying in 12 s (2/2)');
});
