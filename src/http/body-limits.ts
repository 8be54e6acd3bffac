// How much of an answer tfy-llm will hold: a response body (after decompression) and one stream
// event are bounded, so a gzip bomb or an endless event ends with a clear error, not gigabytes of memory.
import { CliError } from '../errors/errors.ts';

/**
 * The largest response body, decoded: far above any answer (a long answer with images inline is a
 * few MB), far below what a machine feels.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** The largest single server-sent event of a stream: the final event repeats the whole response. */
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;

const MB = 1024 * 1024;
// Statuses a Response may not be built with a body for.
export const NULL_BODY: ReadonlySet<number> = new Set([101, 204, 205, 304]);

/**
 * A status no HTTP answer has (600, 999): a Response cannot hold it (fetch and the client would fail on
 * it with a RangeError about `init["status"]`), so it is refused where the answer comes in, in words.
 */
export function notAnHttpStatus(status: number): CliError | undefined {
  if (status >= 200 && status <= 599) return undefined;
  return new CliError(`the gateway answered with status ${status}, which is not an HTTP status`, { type: 'invalid_response', hint: 'check the base URL (and any proxy in between)' });
}

/** Raised inside the body stream; the error reaches whoever reads it (the SDK, `text()`), unchanged. */
export class TooLargeError extends CliError {
  constructor(what: string, limit: number, from: string) {
    super(`${what} from ${from} is larger than ${limit / MB} MB, so tfy-llm stopped reading it`, {
      type: 'response_too_large',
      hint: 'this is not an answer a gateway sends: check the base URL (and any proxy in between)',
    });
    this.name = 'TooLargeError';
  }
}

/**
 * The response with its body counted as it is read: past `MAX_BODY_BYTES` (for a stream: past
 * `MAX_EVENT_BYTES` without an event boundary) the read fails with a TooLargeError and the
 * connection is cancelled.
 */
export function limitBody(response: Response, from: string | (() => string)): Response {
  if (!response.body || NULL_BODY.has(response.status) || boundedByLength(response.headers)) return response;
  const stream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  const origin = typeof from === 'string' ? from : from();
  let total = 0;
  let sinceBoundary = 0;
  let tail: Uint8Array = new Uint8Array(0);
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (stream) {
          const boundary = lastBoundary(tail, chunk);
          sinceBoundary = boundary < 0 ? sinceBoundary + chunk.byteLength : chunk.byteLength - boundary;
          tail = chunk.subarray(Math.max(0, chunk.byteLength - 2));
          if (sinceBoundary > MAX_EVENT_BYTES) return controller.error(new TooLargeError('a stream event', MAX_EVENT_BYTES, origin));
        } else {
          total += chunk.byteLength;
          if (total > MAX_BODY_BYTES) return controller.error(new TooLargeError('the answer', MAX_BODY_BYTES, origin));
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * A body sent as it is (no content-encoding) with a Content-Length within the limit cannot grow past
 * it: fetch ends the read at that length, or fails it. Such a body (the common answer) is left as it
 * is, without the cost of a counting stream; an encoded one (a gzip bomb) or one of unknown length is counted.
 */
function boundedByLength(headers: Headers): boolean {
  const encoding = headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return false;
  const length = headers.get('content-length');
  if (length === null || !/^\s*\d+\s*$/.test(length)) return false;
  return Number(length) <= MAX_BODY_BYTES && !(headers.get('content-type') ?? '').includes('text/event-stream');
}

/**
 * Where in `chunk` the last event ended (the index after a blank line: \n\n, or \r\n\r\n), counting a
 * boundary split across the previous chunk's last bytes (`tail`); -1 when none.
 */
function lastBoundary(tail: Uint8Array, chunk: Uint8Array): number {
  for (let i = chunk.byteLength - 1; i >= 0; i--) {
    if (chunk[i] !== 0x0a) continue;
    const before = (offset: number): number | undefined => (i - offset >= 0 ? chunk[i - offset] : tail[tail.byteLength - (offset - i)]);
    if (before(1) === 0x0a || (before(1) === 0x0d && before(2) === 0x0a)) return i + 1;
  }
  return -1;
}
