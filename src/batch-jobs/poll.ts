// Looking at a job's batches, and waiting for them to end: one GET per running part, with backoff
// between rounds (a quick job is seen soon; a 24-hour one costs a request every half minute).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connected } from '../http/connect.ts';
import { CliError, ExitCode, formatSeconds } from '../errors/errors.ts';
import { ENDED, readBatch, type BatchView } from './objects.ts';

export async function fetchBatch(connected: Connected, id: string, signal: AbortSignal | undefined): Promise<{ batch: BatchView; raw: unknown }> {
  const raw: unknown = await connected.guard(connected.client.batches.retrieve(id, { signal }));
  return { batch: readBatch(raw, connected.baseURL), raw };
}

export interface WaitOptions {
  signal: AbortSignal | undefined;
  now: () => number;
  /** Give up after this long (the command's --timeout, when given with --wait). */
  limitMs: number | undefined;
  firstDelayMs?: number | undefined;
  maxDelayMs?: number;
  /** Called after every round with what was seen. */
  onRound?: ((batches: BatchView[]) => void) | undefined;
}

/** Polls every batch not ended yet until all have ended; returns the last look at each, with its raw object. */
export async function waitForBatches(
  connected: Connected,
  first: { batch: BatchView; raw: unknown }[],
  options: WaitOptions,
): Promise<{ batch: BatchView; raw: unknown }[]> {
  const started = options.now();
  const maxDelay = options.maxDelayMs ?? 30_000;
  let delay = options.firstDelayMs ?? 500;
  const current = [...first];
  options.onRound?.(current.map((seen) => seen.batch));
  const gaveUp = (limitMs: number): CliError =>
    new CliError(`gave up waiting after ${formatSeconds(limitMs)}: ${current.filter((seen) => !ENDED.has(seen.batch.status)).length} part(s) still running`, {
      type: 'timeout',
      hint: 'the batches go on; look again with tfy-llm batch status --wait (a longer --timeout waits longer)',
    });
  while (current.some((seen) => !ENDED.has(seen.batch.status))) {
    if (options.limitMs !== undefined && options.now() - started + delay > options.limitMs) throw gaveUp(options.limitMs);
    try {
      await sleep(delay, undefined, { signal: options.signal });
    } catch (err) {
      if (options.signal?.aborted) throw new CliError('interrupted', { exitCode: ExitCode.interrupted, type: 'interrupted' });
      throw err;
    }
    for (const [index, seen] of current.entries()) {
      if (ENDED.has(seen.batch.status)) continue;
      try {
        current[index] = await fetchBatch(connected, seen.batch.id, options.signal);
      } catch (err) {
        // --timeout bounds the whole command: a look cut short by it is the wait running out, not a failed request.
        if (options.limitMs !== undefined && err instanceof CliError && err.type === 'timeout') throw gaveUp(options.limitMs);
        throw err;
      }
    }
    options.onRound?.(current.map((seen) => seen.batch));
    delay = Math.min(maxDelay, Math.round(delay * 1.5));
  }
  return current;
}
