// How many requests may be in flight, adapting to the gateway like TCP does (AIMD): a 429 or a 503 halves
// the window and pauses new requests for its Retry-After; each success grows the window by 1/window, so it
// takes about a window's worth of successes to grow by one. --rpm and --tpm are hard ceilings on top.
export interface LimiterOptions {
  /** -j: the most in flight, and where the window starts. */
  max: number;
  /** --rpm: requests started per minute. */
  rpm?: number | undefined;
  /** --tpm: tokens (in + out, as the gateway reports them) per minute. */
  tpm?: number | undefined;
  now: () => number;
}

const MINUTE_MS = 60_000;
/** How much slower the window grows within one of where it was last cut. */
const NEAR_LIMIT_SLOWDOWN = 16;

export class Limiter {
  readonly max: number;
  #window: number;
  #inFlight = 0;
  #pausedUntil = 0;
  #lastCut = -Infinity;
  /** The window when the last 429 or 503 cut it: where the gateway's limit was found. */
  #cutAt = Infinity;
  #lowest: number;
  readonly #rpm: number | undefined;
  readonly #tpm: number | undefined;
  readonly #now: () => number;
  /** Start times within the last minute (--rpm), and token counts with their times (--tpm). */
  readonly #starts: number[] = [];
  readonly #tokens: { at: number; count: number }[] = [];
  #tokenSum = 0;

  constructor(options: LimiterOptions) {
    this.max = options.max;
    this.#window = options.max;
    this.#lowest = options.max;
    this.#rpm = options.rpm;
    this.#tpm = options.tpm;
    this.#now = options.now;
  }

  /** The requests that may be in flight now. */
  get concurrency(): number {
    return Math.max(1, Math.floor(this.#window));
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** The smallest window so far, for the report. */
  get lowest(): number {
    return Math.max(1, Math.floor(this.#lowest));
  }

  /** 0 when a request may start now; else how long to wait (Infinity: until one in flight ends). */
  wait(): number {
    const now = this.#now();
    if (now < this.#pausedUntil) return this.#pausedUntil - now;
    if (this.#inFlight >= this.concurrency) return Infinity;
    if (this.#rpm !== undefined) {
      while (this.#starts.length > 0 && (this.#starts[0] ?? 0) <= now - MINUTE_MS) this.#starts.shift();
      if (this.#starts.length >= this.#rpm) return (this.#starts[0] ?? now) + MINUTE_MS - now;
    }
    if (this.#tpm !== undefined) {
      while (this.#tokens.length > 0 && (this.#tokens[0]?.at ?? 0) <= now - MINUTE_MS) this.#tokenSum -= this.#tokens.shift()?.count ?? 0;
      if (this.#tokenSum >= this.#tpm) return (this.#tokens[0]?.at ?? now) + MINUTE_MS - now;
    }
    return 0;
  }

  start(): number {
    this.#inFlight += 1;
    const now = this.#now();
    if (this.#rpm !== undefined) this.#starts.push(now);
    return now;
  }

  finish(): void {
    this.#inFlight -= 1;
  }

  /** Tokens an answer used, for --tpm. */
  used(tokens: number): void {
    if (this.#tpm !== undefined && tokens > 0) {
      this.#tokens.push({ at: this.#now(), count: tokens });
      this.#tokenSum += tokens;
    }
  }

  /** An answer that came back fine: grow by about one per window of successes. */
  succeeded(): void {
    // Near where the last cut happened, slower (as TCP CUBIC does near its last maximum): the gateway's
    // limit is probably there, and each probe past it costs a 429 and a Retry-After pause for everyone.
    const near = this.#window >= this.#cutAt - 1 && this.#window < this.#cutAt + 1;
    this.#window = Math.min(this.max, this.#window + 1 / (this.#window * (near ? NEAR_LIMIT_SLOWDOWN : 1)));
  }

  /**
   * A 429 or 503 (any attempt, retries included). Halved once per round trip: the answers to requests
   * sent before the last cut were already counted by it.
   */
  throttled(sentAt: number, retryAfterMs: number | undefined): void {
    const now = this.#now();
    // The answers to requests sent before the last cut are echoes of the same overload: they neither cut
    // again nor stretch the pause (each would stop every new request for another Retry-After).
    if (sentAt < this.#lastCut) return;
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.#pausedUntil = Math.max(this.#pausedUntil, now + Math.min(retryAfterMs, MINUTE_MS));
    this.#lastCut = now;
    this.#cutAt = this.#window;
    this.#window = Math.max(1, this.#window / 2);
    this.#lowest = Math.min(this.#lowest, this.#window);
  }
}

/** Retry-After in milliseconds: seconds, or an HTTP date; `retry-after-ms` (OpenAI's) first. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
