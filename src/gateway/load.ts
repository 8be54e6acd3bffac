// Load knobs for benchmarks and batch tests: every create answers after `latencyMs`, and at most
// `maxConcurrent` creates are served at once (the rest get a 429 with Retry-After, as a gateway under a
// concurrency limit answers). Both off by default.
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from './http.ts';

export interface LoadOptions {
  latencyMs?: number | undefined;
  maxConcurrent?: number | undefined;
  /** Retry-After on the 429, in seconds (fractions allowed: sent as retry-after-ms too). */
  retryAfterSeconds?: number | undefined;
}

export interface LoadStats {
  inFlight: number;
  /** The most creates served at once. */
  peak: number;
  /** Creates refused with a 429 for being over maxConcurrent. */
  rejected: number;
  served: number;
}

export class Load {
  readonly stats: LoadStats = { inFlight: 0, peak: 0, rejected: 0, served: 0 };
  readonly #options: LoadOptions;

  constructor(options: LoadOptions) {
    this.#options = options;
  }

  /** Runs a create under the knobs; throws the 429 when over the limit. */
  async serve(signal: AbortSignal, handler: () => Promise<void>): Promise<void> {
    const { latencyMs, maxConcurrent } = this.#options;
    if (maxConcurrent !== undefined && this.stats.inFlight >= maxConcurrent) {
      this.stats.rejected += 1;
      const seconds = this.#options.retryAfterSeconds ?? 1;
      throw new GatewayError(429, `Too many concurrent requests: at most ${maxConcurrent}.`, 'rate_limit_exceeded', {
        code: 'rate_limit_exceeded',
        headers: { 'retry-after': String(Math.ceil(seconds)), 'retry-after-ms': String(Math.round(seconds * 1000)) },
      });
    }
    this.stats.inFlight += 1;
    this.stats.peak = Math.max(this.stats.peak, this.stats.inFlight);
    try {
      if (latencyMs !== undefined && latencyMs > 0) await sleep(latencyMs, undefined, { signal });
      await handler();
      this.stats.served += 1;
    } finally {
      this.stats.inFlight -= 1;
    }
  }
}
