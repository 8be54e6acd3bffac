// How long tfy-llm waits: the whole of a plain request, and the silence between a stream's events.
import { CliError, formatSeconds } from '../errors/errors.ts';

/**
 * `--timeout` when none is given. Long enough for a slow model to finish a non-streaming answer,
 * and under the 300 s after which Node's fetch gives up on its own (with a less helpful error).
 */
export const DEFAULT_TIMEOUT_SECONDS = 180;

/** Node's fetch stops waiting for headers, or between body chunks, after this; a longer --timeout needs undici's own agent. */
export const NODE_FETCH_LIMIT_MS = 300_000;

export function timeoutMsFrom(seconds: number | undefined): number {
  return Math.round((seconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
}

/** A stream sent nothing for too long. Exit 1, like any timeout. */
export class IdleTimeoutError extends CliError {
  constructor(ms: number, from?: string) {
    super(`the stream${from ? ` from ${from}` : ''} went quiet: no event for ${formatSeconds(ms)}, so tfy-llm gave up`, {
      type: 'timeout',
      hint: 'raise the limit with --timeout <seconds>, or check that the gateway and its provider are up',
    });
    this.name = 'IdleTimeoutError';
  }
}

export interface IdleOptions {
  /** The longest wait for the next event, in milliseconds. */
  ms: number;
  /** Called when the wait runs out, before the error is thrown: abort the request here (e.g. `stream.controller.abort()`). */
  onIdle?: (() => void) | undefined;
  /** Where the stream comes from, for the message (e.g. the base URL). */
  from?: string | undefined;
}

/**
 * Passes a stream's events through, failing with an IdleTimeoutError when the next one takes longer
 * than `ms`. The clock runs only while waiting for the source, not while the consumer works.
 *
 *   for await (const event of withIdleTimeout(stream, { ms: timeoutMs, onIdle: () => stream.controller.abort() })) …
 */
export async function* withIdleTimeout<T>(source: AsyncIterable<T>, options: IdleOptions): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let idle = false;
  try {
    while (true) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const next = iterator.next();
      const quiet = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new IdleTimeoutError(options.ms, options.from)), options.ms);
      });
      let result: IteratorResult<T>;
      try {
        result = await Promise.race([next, quiet]);
      } catch (err) {
        if (err instanceof IdleTimeoutError) {
          idle = true;
          // The pending read fails once the request is aborted; nobody waits for it any more.
          next.catch(() => undefined);
          options.onIdle?.();
        }
        throw err;
      } finally {
        clearTimeout(timer);
      }
      if (result.done) return;
      yield result.value;
    }
  } finally {
    // After a timeout the source may still be stuck in a read: close it without waiting.
    if (idle) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    else await iterator.return?.();
  }
}
