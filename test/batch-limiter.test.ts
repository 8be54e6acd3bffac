// The adaptive window (AIMD), Retry-After, --rpm and --tpm, on a clock the test moves; and the progress
// bar a terminal gets.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Limiter, retryAfterMs } from '../src/batch/limiter.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { runCli, tempDir } from './helpers/run-cli.ts';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

test('a 429 halves the window once per round trip and pauses for Retry-After; successes grow it back by about one per window', () => {
  const c = clock();
  const limiter = new Limiter({ max: 16, now: c.now });
  assert.equal(limiter.concurrency, 16);
  const sentBefore = c.now();
  c.advance(10);
  limiter.throttled(sentBefore, 500);
  assert.equal(limiter.concurrency, 8);
  // Another answer to a request sent before the cut does not cut again.
  limiter.throttled(sentBefore, 500);
  assert.equal(limiter.concurrency, 8);
  assert.equal(limiter.wait(), 500);
  c.advance(500);
  assert.equal(limiter.wait(), 0);
  // One sent after the cut does.
  limiter.throttled(c.now(), undefined);
  assert.equal(limiter.concurrency, 4);
  assert.equal(limiter.lowest, 4);
  for (let i = 0; i < 4; i++) limiter.succeeded();
  assert.equal(limiter.concurrency, 4, 'four successes add less than one');
  for (let i = 0; i < 4; i++) limiter.succeeded();
  assert.equal(limiter.concurrency, 5);
  for (let i = 0; i < 1000; i++) limiter.succeeded();
  assert.equal(limiter.concurrency, 16, 'never above -j');
});

test('the window bounds requests in flight; --rpm and --tpm are ceilings over the last minute', () => {
  const c = clock();
  const window = new Limiter({ max: 2, now: c.now });
  window.start();
  window.start();
  assert.equal(window.wait(), Infinity);
  window.finish();
  assert.equal(window.wait(), 0);

  const rpm = new Limiter({ max: 100, rpm: 3, now: c.now });
  for (let i = 0; i < 3; i++) {
    assert.equal(rpm.wait(), 0);
    rpm.start();
    rpm.finish();
    c.advance(1000);
  }
  assert.equal(rpm.wait(), 57_000);
  c.advance(57_000);
  assert.equal(rpm.wait(), 0);

  const tpm = new Limiter({ max: 100, tpm: 1000, now: c.now });
  tpm.used(600);
  assert.equal(tpm.wait(), 0);
  c.advance(10_000);
  tpm.used(500);
  assert.equal(tpm.wait(), 50_000);
  c.advance(50_000);
  assert.equal(tpm.wait(), 0);
});

test('Retry-After: seconds, an HTTP date, or retry-after-ms first', () => {
  assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' }), 0), 2000);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': '2', 'retry-after-ms': '150' }), 0), 150);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000), 6000);
  assert.equal(retryAfterMs(new Headers(), 0), undefined);
});

test('on a terminal a progress bar on stderr (done/total, failed, req/s, tokens, ETA, concurrency); in a pipe only the summary', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'p.txt');
  writeFileSync(input, 'a\nb\nc\n');
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: 'tfy-demo-key', TFY_LLM_MODEL: 'my-openai/gpt-4o' };
  const tty = await runCli(['batch', 'run', input, '-o', join(dir, 'o1.jsonl')], { env, stderrTTY: true });
  assert.equal(tty.code, 0, tty.stderr);
  assert.match(tty.stderr, /\r\u001B\[2K(\[[#-]{5,20}\] )?\d+\/3 · \d+ failed · [\d.]+ req\/s · in\/out \d+\/\d+ tokens · ETA \S+ · concurrency 8\/8/);
  assert.match(tty.stderr, /batch: 3 of 3 succeeded/);
  // A wider terminal has room for the bar too.
  const { progressLine } = await import('../src/batch/progress.ts');
  const wide = progressLine({ total: 10, skipped: 0, succeeded: 5, failed: 0, tokensIn: 1500, tokensOut: 2_500_000, startedAt: 0 }, new Limiter({ max: 8, now: () => 0 }), 1000, 119);
  assert.equal(wide, '[##########----------] 5/10 · 0 failed · 5.0 req/s · in/out 1.5k/2.5M tokens · ETA 1.0s · concurrency 8/8');
  const pipe = await runCli(['batch', 'run', input, '-o', join(dir, 'o2.jsonl')], { env });
  assert.equal(pipe.code, 0, pipe.stderr);
  assert.doesNotMatch(pipe.stderr, /\r|\u001B/);
  assert.equal(pipe.stderr.trim().split('\n').length, 1);
  const json = await runCli(['batch', 'run', input, '-o', join(dir, 'o3.jsonl'), '--json'], { env, stderrTTY: true });
  assert.doesNotMatch(json.stderr, /\r|\u001B/);
  assert.deepEqual(Object.keys((JSON.parse(json.stderr) as { batch: object }).batch), ['total', 'succeeded', 'failed', 'skipped', 'output', 'interrupted', 'concurrency', 'lowest_concurrency']);
});

test('an echo of the same overload (a 429 to a request sent before the cut) does not stretch the pause', () => {
  const c = clock();
  const limiter = new Limiter({ max: 16, now: c.now });
  const sentBefore = c.now();
  c.advance(10);
  limiter.throttled(sentBefore, 100);
  c.advance(50);
  limiter.throttled(sentBefore, 100);
  assert.equal(limiter.wait(), 50, 'the pause still ends 100 ms after the cut');
  assert.equal(limiter.concurrency, 8);
});

test('the window grows back at one per window, and more slowly within one of where it was cut', () => {
  const c = clock();
  const limiter = new Limiter({ max: 64, now: c.now });
  for (let i = 0; i < 1000; i++) limiter.succeeded();
  // Cut three times (64 → 8), then once more at 8 → 4: the limit was found near 8.
  for (const _ of [1, 2, 3]) {
    limiter.throttled(c.now(), undefined);
    c.advance(1);
  }
  assert.equal(limiter.concurrency, 8);
  limiter.throttled(c.now(), undefined);
  assert.equal(limiter.concurrency, 4);
  // Far below the cut (8): about a window of successes per step.
  let successes = 0;
  while (limiter.concurrency < 7) {
    limiter.succeeded();
    successes += 1;
  }
  assert.ok(successes <= 4 + 5 + 6 + 3, `${successes} successes from 4 to 7`);
  // From 7 to 9, around the cut: many more per step.
  successes = 0;
  while (limiter.concurrency < 9) {
    limiter.succeeded();
    successes += 1;
  }
  assert.ok(successes > 4 * (7 + 8), `${successes} successes from 7 to 9`);
});
