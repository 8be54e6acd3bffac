// Sending a body written to a file (a FileBody) with node:http rather than fetch. fetch keeps every chunk
// it sends until a garbage collection comes, which for a 20 MB image is the whole 27 MB body again;
// http's write callback says when the socket has taken a chunk, so one buffer serves the whole file.
import { open } from 'node:fs/promises';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { FileBody } from '../request/file-body.ts';
import type { Fetch } from './verbose.ts';

const CHUNK_BYTES = 256 * 1024;

/** `inner` for every request but those whose body is a FileBody. */
export function withUploads(inner: Fetch): Fetch {
  return (input, init) => {
    if (!(init?.body instanceof FileBody)) return inner(input, init);
    return upload(new URL(input instanceof Request ? input.url : String(input)), init, init.body);
  };
}

async function upload(url: URL, init: RequestInit, body: FileBody): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': body.type };
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  headers['content-length'] = String(body.size);
  // Loaded here, not at start-up: every command imports this file, few send a large attachment.
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const req = request(url, { method: (init.method ?? 'POST').toUpperCase(), headers, ...(init.signal ? { signal: init.signal } : {}) });
  const answer = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  writeFile(req, body.path).catch((err: unknown) => req.destroy(err as Error));
  try {
    return toResponse(await answer, req);
  } catch (err) {
    // As fetch reports it, so error messages (and the client's own handling) are the same on both paths.
    throw init.signal?.aborted ? err : new TypeError('fetch failed', { cause: err });
  }
}

/**
 * The file as the body, one buffer at a time. A gateway that answers before it has read the whole body
 * (a 401, a 413) may close the connection: its answer must be read before a write fails on the closed
 * connection, so each write waits a turn of the event loop, and none follows the answer.
 */
async function writeFile(req: ClientRequest, path: string): Promise<void> {
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

/** A body cut short by an early answer leaves a connection that cannot be reused: it is closed once the answer is read. */
function toResponse(res: IncomingMessage, req: ClientRequest): Response {
  res.once('end', () => req.writableEnded || req.destroy());
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '');
  const status = res.statusCode ?? 502;
  const empty = status === 204 || status === 304;
  if (empty) res.resume();
  const stream = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array<ArrayBuffer>>);
  return new Response(stream, { status, statusText: res.statusMessage ?? '', headers });
}
