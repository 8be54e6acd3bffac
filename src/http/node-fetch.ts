// fetch over node:http(s), for two kinds of request:
//  - a body written to a file (a FileBody, a large attachment): sent from disk one buffer at a time.
//    fetch keeps every chunk it sends until a garbage collection comes, which for a 20 MB image is the
//    whole 27 MB body again; http's write callback says when the socket has taken a chunk;
//  - the requests a batch sends by the thousand: fetch's own machinery (a Request, sorted Headers, web
//    streams for a 2 KB answer) costs more CPU per request than the rest of the request put together.
// It behaves as fetch does where the client and our checks can tell: redirects are not followed (the
// watched fetch reports them), gzip, deflate and br answers are decoded, an abort rejects with the
// signal's reason, a failure to connect is a TypeError('fetch failed') with the cause, and a body that
// fails (cut short, too large, undecodable) fails when it is read, where fetch's would.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { FileBody } from '../request/file-body.ts';
import { MAX_BODY_BYTES, notAnHttpStatus, NULL_BODY, TooLargeError } from './body-limits.ts';
import type { Fetch } from './verbose.ts';

const CHUNK_BYTES = 256 * 1024;
const ENCODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br']);
/**
 * Headers of the answer not handed over: those of the connection, not the answer (RFC 9110 7.6.1; the
 * body comes whole or as a stream either way), and the length and coding of a body decoded or read whole
 * here (set again below). The client reads, copies and logs every header of every answer it is given.
 */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];
const CONNECTION_ONLY = new Set(HOP_BY_HOP);
const LENGTH = new Set([...HOP_BY_HOP, 'content-length']);
const LENGTH_AND_CODING = new Set([...HOP_BY_HOP, 'content-length', 'content-encoding']);
type Encoding = 'gzip' | 'x-gzip' | 'deflate' | 'br';

type Body = string | Uint8Array | FileBody | undefined;

// Loaded on first use, not at start-up (most commands never send through here), and kept: a batch sends
// thousands of requests.
let http: typeof import('node:http') | undefined;
let https: typeof import('node:https') | undefined;

/** Whether nodeFetch can send this body itself (anything else, a FormData upload say, goes to fetch). */
export function sendsItself(body: unknown): body is Body {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array || body instanceof FileBody;
}

/** Every request whose body it can send goes through node:http(s); the rest through `inner`. */
export function viaNodeHttp(inner: Fetch): Fetch {
  return (input, init) => (sendsItself(init?.body) ? nodeFetch(input, init) : inner(input, init));
}

export async function nodeFetch(input: Parameters<Fetch>[0], init: RequestInit = {}): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const given = (init.body ?? undefined) as Body;
  // A string body goes as bytes: http then writes the head and the body in one writev, where a string
  // is first joined to the head and encoded on the way out (several times the CPU, per request).
  const body = typeof given === 'string' ? Buffer.from(given) : given;
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw signal.reason;
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = plainHeaders(init.headers);
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  if (body instanceof FileBody) {
    headers['content-type'] ??= body.type;
    headers['content-length'] = String(body.size);
  } else if (body !== undefined) headers['content-length'] = String(body.byteLength);
  // With no body, a method that has one says it is empty, as fetch does (http would send it chunked: it
  // writes the head given as pairs when the request is made, before its end is known).
  else if (method === 'POST' || method === 'PUT' || method === 'PATCH') headers['content-length'] = '0';
  const { request } = url.protocol === 'https:' ? (https ??= await import('node:https')) : (http ??= await import('node:http'));
  // The first request waits for http to load: an abort meanwhile has no listener yet to hear it.
  if (signal?.aborted) throw signal.reason;
  // The options http would make of the URL, made here without its detour through another object; the
  // headers as name, value pairs, which http writes as they are (an object is first copied into its own map).
  const pairs: string[] = ['host', url.host];
  for (const name in headers) if (name !== 'host') pairs.push(name, headers[name] ?? '');
  const req = request({ protocol: url.protocol, hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname, port: url.port, path: url.pathname + url.search, method, headers: pairs });
  // The signal aborts the request until it is over (the body of a stream is read after this returns):
  // one listener, removed when the request closes (http's own signal option costs several per request).
  if (signal) {
    // As http's own: an AbortError whose cause is the signal's reason.
    const abort = (): void => void req.destroy(Object.assign(new Error('The operation was aborted', { cause: signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' }));
    signal.addEventListener('abort', abort, { once: true });
    req.once('close', () => signal.removeEventListener('abort', abort));
  }
  const answer = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  if (body instanceof FileBody) writeFile(req, body.path).catch((err: unknown) => req.destroy(err as Error));
  else req.end(body);
  let res: IncomingMessage;
  try {
    res = await answer;
    // A body cut short by an early answer leaves a connection that cannot be reused: closed once the answer is read.
    res.once('end', () => req.writableEnded || req.destroy());
    return await toResponse(res, method, signal, url.origin);
  } catch (err) {
    req.destroy();
    // As fetch reports it, so error messages (and the client's own handling) are the same on both paths.
    if (signal?.aborted) throw signal.reason;
    throw new TypeError('fetch failed', { cause: err });
  }
}

function plainHeaders(given: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (given === undefined) return out;
  if (given instanceof Headers) given.forEach((value, name) => (out[name] = value));
  else if (Array.isArray(given)) for (const [name, value] of given) out[(name ?? '').toLowerCase()] = value ?? '';
  else for (const [name, value] of Object.entries(given)) out[name.toLowerCase()] = value;
  return out;
}

async function toResponse(res: IncomingMessage, method: string, signal: AbortSignal | undefined, origin: string): Promise<Response> {
  const status = res.statusCode ?? 0;
  const odd = notAnHttpStatus(status);
  if (odd) {
    res.resume();
    throw odd;
  }
  // The few headers read here, found in one pass over the raw ones (each Headers call costs a lookup,
  // and a batch makes thousands of these).
  const raw = res.rawHeaders;
  let encoding = '';
  let type = '';
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    if (name === 'content-encoding') encoding = encoding === '' ? (raw[i + 1] ?? '') : `${encoding}, ${raw[i + 1] ?? ''}`;
    else if (name === 'content-type' && type === '') type = raw[i + 1] ?? '';
  }
  // The codings in the order they were applied (`br, gzip`: br first), undone last to first, as fetch does;
  // a list with one this does not know is handed over as it came.
  const codings = encoding === '' ? [] : encoding.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
  const decode = codings.length > 0 && codings.every((c) => ENCODINGS.has(c)) ? (codings.reverse() as Encoding[]) : [];
  const bodyless = NULL_BODY.has(status) || method === 'HEAD';
  const stream = !bodyless && type.includes('text/event-stream');
  // A body read whole here has its length set below; one decoded has lost its coding and its length.
  const dropped = decode.length > 0 && !bodyless ? LENGTH_AND_CODING : stream || bodyless ? CONNECTION_ONLY : LENGTH;
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (!dropped.has(name.toLowerCase())) headers.append(name, raw[i + 1] ?? '');
  }
  const init = { status, statusText: res.statusMessage ?? '', headers };
  if (bodyless) {
    res.resume();
    return new Response(null, init);
  }
  // A stream is handed over as it comes (its events are bounded by the watched fetch, body-limits.ts).
  if (stream) {
    let source: Readable = res;
    if (decode.length > 0) {
      const { pipeline } = await import('node:stream');
      // pipeline: an error or an early end on either side ends the other too (the socket is not left open).
      const stages = await Promise.all(decode.map(decoder));
      source = pipeline([res, ...stages], () => {}) as unknown as Readable;
    }
    return new Response(Readable.toWeb(source) as ReadableStream<Uint8Array<ArrayBuffer>>, init);
  }
  // Anything else is read whole here (an answer is a few KB; a web stream for it would cost more than it
  // holds), bounded, and decoded; its length is then known, so the watched fetch need not count it again.
  try {
    let bytes = await readAll(res, signal, origin);
    for (const coding of decode) bytes = await inflate(coding, bytes, origin);
    headers.append('content-length', String(bytes.byteLength));
    return new Response(bytes.byteLength === 0 ? null : (bytes as Uint8Array<ArrayBuffer>), init);
  } catch (err) {
    if (signal?.aborted) throw err;
    // An error status is the answer whatever its body: no body, so the client can retry it (it cancels the
    // body of an answer it retries, and cancelling a failed body fails).
    if (status >= 400) return new Response(null, init);
    // Failed where fetch's body would fail: when it is read, with the headers already answered, and as
    // undici words it (toCliError names an undecodable body from the zlib error in its cause).
    const failure = err instanceof TooLargeError ? err : new TypeError('terminated', { cause: err });
    return new Response(new ReadableStream({ start: (controller) => controller.error(failure) }), init);
  }
}

function readAll(res: IncomingMessage, signal: AbortSignal | undefined, origin: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        res.destroy();
        return reject(new TooLargeError('the answer', MAX_BODY_BYTES, origin));
      }
      chunks.push(chunk);
    });
    res.once('end', () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size)));
    res.once('error', reject);
    res.once('close', () => {
      if (!res.complete) reject(signal?.aborted ? signal.reason : new Error('the connection closed before the whole answer came'));
    });
  });
}

/**
 * As lenient as fetch's decoding: a gzip or deflate stream cut before its end gives what it holds
 * (Z_SYNC_FLUSH), and `deflate` may be raw deflate as well as zlib-wrapped (servers send both).
 */
async function decoder(encoding: Encoding): Promise<import('node:stream').Transform> {
  const zlib = await import('node:zlib');
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH, flush: zlib.constants.Z_SYNC_FLUSH };
  if (encoding === 'br') return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH, flush: zlib.constants.BROTLI_OPERATION_FLUSH });
  return encoding === 'deflate' ? zlib.createInflate(lenient) : zlib.createGunzip(lenient);
}

/** A zlib header (RFC 1950): deflate method, and the check bits right. */
function zlibWrapped(bytes: Buffer): boolean {
  const [first, second] = [bytes[0] ?? 0, bytes[1] ?? 0];
  return (first & 0x0f) === 8 && ((first << 8) | second) % 31 === 0;
}

/** Decoded, at most MAX_BODY_BYTES of it (a gzip bomb stops there); an empty body is empty. */
async function inflate(encoding: Encoding, raw: Buffer, origin: string): Promise<Buffer> {
  if (raw.byteLength === 0) return raw;
  const zlib = await import('node:zlib');
  const { promisify } = await import('node:util');
  const lenient = { maxOutputLength: MAX_BODY_BYTES, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const run =
    encoding === 'br'
      ? () => promisify(zlib.brotliDecompress)(raw, { maxOutputLength: MAX_BODY_BYTES, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH })
      : encoding === 'deflate'
        ? () => (zlibWrapped(raw) ? promisify(zlib.inflate) : promisify(zlib.inflateRaw))(raw, lenient)
        : () => promisify(zlib.gunzip)(raw, lenient);
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLargeError('the answer', MAX_BODY_BYTES, origin);
    throw err;
  }
}

/**
 * The file as the body, one buffer at a time. A gateway that answers before it has read the whole body
 * (a 401, a 413) may close the connection: its answer must be read before a write fails on the closed
 * connection, so each write waits a turn of the event loop, and none follows the answer.
 */
async function writeFile(req: ClientRequest, path: string): Promise<void> {
  const { open } = await import('node:fs/promises');
  const closed = new Promise<never>((_, reject) => req.once('close', () => reject(new Error('the request was closed'))));
  closed.catch(() => {});
  let answered = false;
  req.once('response', () => (answered = true));
  const file = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      await new Promise((resolve) => setImmediate(resolve));
      if (answered) return;
      if (bytesRead === 0) return void req.end();
      // The buffer is refilled only once the socket has taken it (or the request is gone).
      const written = new Promise<void>((resolve, reject) => req.write(chunk.subarray(0, bytesRead), (err) => (err ? reject(err) : resolve())));
      await Promise.race([written, closed]);
    }
  } finally {
    await file.close();
  }
}
