// What a person waiting at a terminal is told while the openai client retries: "rate limited,
// retrying in 2 s (2/3)" rather than a spinner that keeps saying "waiting for …".

export interface RetryInfo {
  /** The status that made the client retry; undefined when no answer came (a connection error). */
  status?: number | undefined;
  /** Why no answer came (ECONNREFUSED…), when none did. */
  reason?: string | undefined;
  /** The attempt about to be made (2 for the first retry) and how many there can be. */
  next: number;
  of: number;
  /** How long the client waits first, as it will compute it; undefined when unknown. */
  waitMs: number | undefined;
}

/**
 * The openai client's wait before a retry: `retry-after-ms`, else `retry-after` (seconds or a date)
 * when 0–60 s, else its backoff of 0.5 s doubling to 8 s (less up to 25 % jitter: the upper bound is shown).
 */
export function retryWaitMs(headers: Headers | undefined, retriesSoFar: number, now = Date.now()): number {
  const ms = headers?.get('retry-after-ms');
  let wait = ms ? Number.parseFloat(ms) : Number.NaN;
  const after = headers?.get('retry-after');
  if (Number.isNaN(wait) && after) {
    const seconds = Number.parseFloat(after);
    wait = Number.isNaN(seconds) ? Date.parse(after) - now : seconds * 1000;
  }
  if (!Number.isFinite(wait) || wait < 0 || wait > 60_000) wait = Math.min(500 * 2 ** retriesSoFar, 8000);
  return wait;
}

/** "rate limited, retrying in 2 s (2/3)", "HTTP 503 from the gateway, retrying in 0.5 s (2/3)". */
export function retryText(info: RetryInfo): string {
  const why =
    info.status === 429
      ? 'rate limited'
      : info.status !== undefined
        ? `the gateway answered HTTP ${info.status}`
        : `no answer${info.reason ? ` (${info.reason})` : ''}`;
  const when = info.waitMs === undefined ? '' : ` in ${seconds(info.waitMs)}`;
  return `${why}, retrying${when} (${info.next}/${info.of})`;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)} s`;
}
