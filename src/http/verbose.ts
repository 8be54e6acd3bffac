// Every request the client sends passes through here: we remember the last one (so error
// messages can say where it went and how often), and with --verbose print each attempt on stderr.
import { causeChain } from '../errors/errors.ts';
import { limitBody, notAnHttpStatus } from './body-limits.ts';
import type { LastRequest } from './error-context.ts';
import { requestIdIn, resolvedModelIn } from './gateway-headers.ts';
import { redactHeaders, scrub } from '../terminal/redact.ts';
import { retryWaitMs, type RetryInfo } from './retry-note.ts';
import { forTerminal } from '../terminal/safe-text.ts';

export type Fetch = typeof fetch;

export interface WatchOptions {
  inner: Fetch;
  /** The client's retry budget, to number the attempts. */
  maxRetries: number;
  /** Where --verbose lines go; absent without --verbose. */
  log?: ((line: string) => void) | undefined;
  /** Values that must never reach the log, whatever header they hide in. */
  secrets: readonly string[];
  /** Told before each retry the client will make (the spinner says it). */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

export interface WatchedFetch {
  fetch: Fetch;
  /** The last request sent, with the number of attempts so far and the last status. */
  last(): LastRequest | undefined;
}

export function watchFetch(options: WatchOptions): WatchedFetch {
  const { inner, maxRetries, secrets } = options;
  // Lines quote the gateway's headers (request ids, models): secrets out, and nothing that drives a terminal.
  const log = options.log && ((line: string) => options.log?.(forTerminal(scrub(line, secrets))));
  let last: LastRequest | undefined;

  const watched: Fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    // The openai client numbers its attempts in this header; a new request starts again at 0. (It hands
    // over a Headers already: read as it is, not copied, for each of a batch's many requests.)
    const given = init?.headers;
    const headers = given instanceof Headers ? given : new Headers(given);
    const attempt = Number(headers.get('x-stainless-retry-count') ?? '0') + 1;
    last = { method, url, attempts: attempt };
    const current = last;
    if (log) {
      log(`> ${method} ${url}${bodySize(init?.body)} · attempt ${attempt} of ${maxRetries + 1}`);
      if (attempt === 1) for (const line of headerLines(headers)) log(`>   ${line}`);
    }
    const started = performance.now();
    try {
      // Never follow a redirect: fetch would drop the key on another origin and turn a POST into a GET
      // on a 301/302, so a wrong base URL would look like a bad key or a success. It is reported instead.
      const response = await inner(input, { ...init, redirect: 'manual' });
      current.status = response.status;
      const odd = notAnHttpStatus(response.status);
      if (odd) {
        await response.body?.cancel().catch(() => {});
        throw odd;
      }
      current.contentType = response.headers.get('content-type') ?? undefined;
      if (isRedirect(response.status)) current.location = redirectTarget(response.headers.get('location'), url);
      const again = retryNote(response, attempt, maxRetries);
      log?.(`< ${responseSummary(response, performance.now() - started)}${again}`);
      if (again) options.onRetry?.({ status: response.status, next: attempt + 1, of: maxRetries + 1, waitMs: retryWaitMs(response.headers, attempt - 1) });
      return limitBody(response, () => new URL(url).origin);
    } catch (err) {
      const aborted = init?.signal?.aborted === true;
      const again = !aborted && attempt <= maxRetries;
      log?.(`< ${aborted ? 'aborted' : `no answer: ${failureReason(err)}`} after ${ms(performance.now() - started)}${again ? ' · retrying' : ''}`);
      if (again) options.onRetry?.({ reason: failureReason(err), next: attempt + 1, of: maxRetries + 1, waitMs: retryWaitMs(undefined, attempt - 1) });
      throw err;
    }
  };
  return { fetch: watched, last: () => last };
}

/** Request headers worth seeing, secrets masked; the client's own x-stainless-* bookkeeping left out. */
function headerLines(headers: Headers): string[] {
  const shown: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!name.startsWith('x-stainless-')) shown[name] = value;
  });
  return Object.entries(redactHeaders(shown)).map(([name, value]) => `${name}: ${value}`);
}

function responseSummary(response: Response, elapsed: number): string {
  const parts = [`${response.status}${response.statusText ? ` ${response.statusText}` : ''} in ${ms(elapsed)}`];
  const requestId = requestIdIn(response.headers);
  if (requestId) parts.push(`request id ${requestId}`);
  const type = response.headers.get('content-type');
  if (type) parts.push(type.split(';')[0] ?? type);
  const resolved = resolvedModelIn(response.headers);
  if (resolved) parts.push(`model ${resolved}`);
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter) parts.push(`retry-after ${retryAfter}`);
  return parts.join(' · ');
}

/** The openai client's rule: 408, 409, 429 and 5xx are retried unless the server says otherwise. */
function retryNote(response: Response, attempt: number, maxRetries: number): string {
  if (response.ok || attempt > maxRetries) return '';
  const should = response.headers.get('x-should-retry');
  const retryable = should === 'true' || (should !== 'false' && [408, 409, 429].includes(response.status)) || (should !== 'false' && response.status >= 500);
  return retryable ? ' · retrying' : '';
}

function bodySize(body: unknown): string {
  if (typeof body === 'string') return ` · ${Buffer.byteLength(body)}-byte body`;
  if (body instanceof Uint8Array) return ` · ${body.byteLength}-byte body`;
  // A large attachment's body is a Blob read from a temporary file (request-body.ts): its size is known, its bytes are not loaded.
  if (body instanceof Blob) return ` · ${body.size}-byte body`;
  return '';
}

function failureReason(err: unknown): string {
  for (const e of causeChain(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (!(e.cause instanceof Error)) return e.message;
  }
  return String(err);
}

function ms(elapsed: number): string {
  return `${Math.round(elapsed)}ms`;
}

/** 3xx with somewhere to go (304 Not Modified is not a redirect). */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/** Where a redirect points, made absolute against the request's URL. */
function redirectTarget(location: string | null, from: string): string {
  if (!location) return '(no Location header)';
  try {
    return new URL(location, from).href;
  } catch {
    return location;
  }
}
