// The send loop: pulls lines as slots free up (the input is never read ahead more than one line), keeps
// the limiter's window of requests in flight, gives a rate-limited line another turn later, and on
// Ctrl-C stops starting requests and lets those in flight finish for a bounded time.
import type { CliError } from '../errors/errors.ts';
import type { Limiter } from './limiter.ts';
import type { BatchOutputLine } from './output-format.ts';
import type { Outcome } from './send-line.ts';

export interface Job<T> {
  index: number;
  item: T;
  /** Turns already had after a 429 or 503. */
  turns: number;
}

export interface PoolOptions<T> {
  next(): Promise<T | undefined>;
  send(item: T, signal: AbortSignal): Promise<Outcome>;
  /** A finished job: its line, or null when it was cut short (no line: a resume sends it again). */
  settle(job: Job<T>, line: BatchOutputLine | null, tokens: { in: number; out: number }): void;
  limiter: Limiter;
  /** Ctrl-C. */
  stop: AbortSignal;
  /** How long requests in flight may finish after Ctrl-C. */
  graceMs: number;
  /** Whether a new line may start (--ordered holds back while its buffer is full). */
  roomFor?: (() => boolean) | undefined;
  /** More turns for a line still rate limited after the client's retries. */
  maxTurns: number;
}

export interface PoolResult {
  interrupted: boolean;
  fatal: CliError | undefined;
}

export async function runPool<T>(options: PoolOptions<T>): Promise<PoolResult> {
  const { limiter, stop } = options;
  const inFlight = new Set<Promise<void>>();
  const again: Job<T>[] = [];
  const abort = new AbortController();
  let fatal: CliError | undefined;
  let exhausted = false;
  let index = 0;
  let wake: (() => void) | undefined;
  const woken = (): void => {
    wake?.();
    wake = undefined;
  };
  stop.addEventListener('abort', woken, { once: true });
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      if (ms !== Infinity) setTimeout(woken, Math.max(1, ms));
    });

  const launch = (job: Job<T>): void => {
    limiter.start();
    const run = (async () => {
      let outcome: Outcome;
      try {
        outcome = await options.send(job.item, abort.signal);
      } finally {
        limiter.finish();
      }
      const none = { in: 0, out: 0 };
      if (outcome.kind === 'fatal') fatal ??= outcome.error;
      if (outcome.kind === 'fatal' || outcome.kind === 'stopped') return options.settle(job, null, none);
      if (outcome.kind === 'line') {
        limiter.used(outcome.tokensIn + outcome.tokensOut);
        if (outcome.line.error === null) limiter.succeeded();
        return options.settle(job, outcome.line, { in: outcome.tokensIn, out: outcome.tokensOut });
      }
      // Still rate limited: another turn once the window has shrunk, unless the run is ending.
      if (stop.aborted || fatal !== undefined) return options.settle(job, null, none);
      if (job.turns < options.maxTurns) again.push({ ...job, turns: job.turns + 1 });
      else options.settle(job, outcome.line, none);
    })();
    const tracked = run.catch((err: unknown) => {
      // A bug, not a gateway problem: end the run with it rather than hang.
      fatal ??= err as CliError;
    }).finally(() => {
      inFlight.delete(tracked);
      woken();
    });
    inFlight.add(tracked);
  };

  while (!stop.aborted && fatal === undefined) {
    const waitMs = limiter.wait();
    if (waitMs > 0 || (again.length === 0 && options.roomFor?.() === false)) {
      await pause(inFlight.size === 0 && waitMs === Infinity ? 1 : waitMs);
      continue;
    }
    let job = again.shift();
    if (job === undefined && !exhausted) {
      const item = await options.next();
      if (item === undefined) exhausted = true;
      else job = { index: index++, item, turns: 0 };
    }
    if (job !== undefined) {
      launch(job);
      continue;
    }
    if (inFlight.size === 0) break;
    await pause(Infinity);
  }
  stop.removeEventListener('abort', woken);

  const interrupted = stop.aborted;
  if (interrupted || fatal !== undefined) {
    // Give what is in flight its chance to finish and be written, then cut it short.
    const grace = setTimeout(() => abort.abort(), interrupted ? options.graceMs : 0);
    await Promise.allSettled([...inFlight]);
    clearTimeout(grace);
    for (const job of again) options.settle(job, null, { in: 0, out: 0 });
  }
  return { interrupted, fatal };
}
