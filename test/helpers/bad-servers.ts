// Servers on 127.0.0.1 that are not a working gateway, each failing one way a real network does.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import type { AddressInfo, Socket } from 'node:net';

export type BadKind =
  /** A web page: 200 text/html for everything (a base URL pointing at a website). */
  | 'web-page'
  /** Reads the request, then closes the socket without a word. */
  | 'hang-up'
  /** Promises a JSON body of 1000 bytes, sends 20, then closes. */
  | 'truncated'
  /** Accepts the request and never answers. */
  | 'silent'
  // Lies and odd answers (issue 14, part B): each a gateway that answers, but wrongly.
  /** input_items: the same page, `has_more: true`, forever (a cursor that repeats). */
  | 'repeating-cursor'
  /** input_items: `has_more: true` with an empty page. */
  | 'empty-page'
  /** DELETE answers 200 `{"deleted": false}`. */
  | 'not-deleted'
  /** DELETE answers 200 with `deleted: true` for another id. */
  | 'deleted-other-id'
  /** Responses whose output items are null, or have fields of the wrong type. */
  | 'malformed-items'
  /** A stream whose events carry fields of the wrong type, then a final event with a malformed response. */
  | 'malformed-stream'
  /** Every response is `cancelled`, with no output. */
  | 'cancelled'
  /** Every response is `completed`, with no output at all. */
  | 'empty-completed'
  /** A completed response whose id is 100 000 characters. */
  | 'huge-id'
  /** A completed response whose id climbs the URL path (`../`). */
  | 'path-id'
  /** 307 for everything, to another origin (keeps the method: a POST would be sent again there). */
  | 'redirect-elsewhere'
  /** 301 for everything, to the same origin (fetch would turn a POST into a GET). */
  | 'redirect-moved'
  /** A 256 KB gzip body that inflates to 256 MB. */
  | 'gzip-bomb'
  /** A stream whose one event is 32 MB long, never finished by a blank line. */
  | 'huge-event'
  /** A plain (not encoded) JSON body that says and is 80 MB long. */
  | 'huge-plain'
  /** A completed answer, gzip-encoded (as a gateway compresses what it is asked to). */
  | 'gzip-answer'
  /** The same answer, brotli-encoded. */
  | 'br-answer'
  /** The same answer, deflate-encoded. */
  | 'deflate-answer'
  /** Says gzip, sends plain JSON. */
  | 'bad-encoding'
  /** Status 600, which is no HTTP status. */
  | 'odd-status'
  /** 204 No Content where an answer was due. */
  | 'no-content'
  /** Chunked, with no length, and no end: 1 MB after 1 MB until the client goes away. */
  | 'endless-chunked'
  /** The first request gets a 503 whose body is cut short; the others an answer. */
  | 'cut-503-then-answer'
  /** The first request gets a 503 that says gzip and has no body; the others an answer. */
  | 'empty-gzip-503-then-answer'
  /** An answer in raw deflate (no zlib header), as some servers send `deflate`. */
  | 'raw-deflate-answer'
  /** A gzip answer with a stray byte after the gzip stream. */
  | 'gzip-trailing-answer'
  /** An answer encoded twice: `Content-Encoding: br, gzip` (br first, then gzip). */
  | 'twice-encoded-answer'
  /** /models answers a web page (an SSO login); every other path 404. */
  | 'models-html'
  /** /models answers 200 `{"data":"nope"}`; every other path 404. */
  | 'models-nope';

export interface BadServer {
  url: string;
  /** Requests that arrived. */
  hits: number;
}

export async function withBadServer(t: { after(close: () => Promise<void>): unknown }, kind: BadKind): Promise<BadServer> {
  const sockets = new Set<Socket>();
  const state: BadServer = { url: '', hits: 0 };
  const server = createServer((req, res) => {
    state.hits++;
    req.resume();
    req.on('end', () => answer(kind, res, req, state.hits));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/llm`;
  t.after(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return state;
}

/** A completed response as the API shapes it, with `fields` over it. */
function response(fields: Record<string, unknown>): Record<string, unknown> {
  return { id: 'resp_bad1', object: 'response', created_at: 1, status: 'completed', model: 'p/m', output: [], usage: null, ...fields };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': 'req_bad' });
  res.end(text);
}

const MESSAGE_ITEM = { id: 'msg_1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] };
const MALFORMED_OUTPUT = [
  null,
  { type: 'message', content: [null, { type: 'output_text', text: 42 }, { type: 'output_text', text: 'still here' }] },
  { type: 'reasoning', summary: 'not an array' },
  { type: 'function_call', name: { not: 'a string' }, arguments: { city: 'Paris' } },
  'a string item',
];

let bombCache: Buffer | undefined;
/** 256 MB of zeros, gzipped once (about 256 KB), shared by every test that needs it. */
function bomb(): Buffer {
  bombCache ??= gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 });
  return bombCache;
}

function answer(kind: BadKind, res: ServerResponse, req: IncomingMessage, hit: number): void {
  const path = (req.url ?? '').split('?')[0] ?? '';
  switch (kind) {
    case 'web-page': {
      const page = '<!doctype html><html><head><title>Welcome</title></head><body>Hello</body></html>';
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return;
    }
    case 'hang-up':
      res.socket?.destroy();
      return;
    case 'truncated':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000, 'x-request-id': 'req_truncated' });
      res.write('{"id":"resp_1","obj');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    case 'silent':
      return;
    case 'repeating-cursor':
      return json(res, 200, { object: 'list', data: [MESSAGE_ITEM], first_id: 'msg_1', last_id: 'msg_1', has_more: true });
    case 'empty-page':
      return json(res, 200, { object: 'list', data: [], first_id: null, last_id: null, has_more: true });
    case 'not-deleted':
      return json(res, 200, { id: path.split('/').at(-1), object: 'response', deleted: false });
    case 'deleted-other-id':
      return json(res, 200, { id: 'resp_someone_else', object: 'response', deleted: true });
    case 'malformed-items':
      return json(res, 200, response({ output: MALFORMED_OUTPUT, usage: { input_tokens: 'many', output_tokens: null } }));
    case 'malformed-stream': {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const events = [
        { type: 'response.created', response: response({ status: 'in_progress' }) },
        { type: 'response.output_text.delta', delta: 5 },
        { type: 'response.output_text.delta', delta: 'streamed text' },
        { type: 'response.output_item.done', item: null },
        { type: 'response.output_item.done', item: { type: 'function_call', name: 7, arguments: { a: 1 }, call_id: { x: 1 } } },
        { type: 'response.reasoning_summary_text.delta', delta: { no: 1 } },
        { type: 'response.completed', response: { ...response({ output: MALFORMED_OUTPUT }), id: 12 } },
      ];
      res.end(events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join(''));
      return;
    }
    case 'cancelled':
      return json(res, 200, response({ status: 'cancelled' }));
    case 'empty-completed':
      return json(res, 200, response({}));
    case 'huge-id':
      return json(res, 200, response({ id: `resp_${'a'.repeat(100_000)}`, output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'an answer' }] }] }));
    case 'path-id':
      return json(res, 200, response({ id: '../../admin', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'an answer' }] }] }));
    case 'redirect-elsewhere':
      res.writeHead(307, { location: `http://127.0.0.2:1${req.url ?? '/'}`, 'content-length': 0 });
      res.end();
      return;
    case 'redirect-moved':
      res.writeHead(301, { location: `/elsewhere${req.url ?? '/'}`, 'content-length': 0 });
      res.end();
      return;
    case 'gzip-bomb': {
      const body = bomb();
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
      return;
    }
    case 'huge-plain': {
      const size = 80 * 1024 * 1024;
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': size });
      let sent = 0;
      const more = (): void => {
        while (sent < size && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        if (sent >= size) res.end();
      };
      more();
      return;
    }
    case 'huge-event': {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = `data: {"type":"response.output_text.delta","delta":"${'x'.repeat(1024 * 1024)}`;
      res.write(chunk.slice(0, 1024 * 1024));
      let sent = 1;
      const more = (): void => {
        while (sent < 32) {
          sent++;
          if (!res.write('x'.repeat(1024 * 1024))) return void res.once('drain', more);
        }
      };
      more();
      res.on('close', () => (sent = 32));
      return;
    }
    case 'gzip-answer':
    case 'br-answer':
    case 'deflate-answer': {
      const text = Buffer.from(JSON.stringify(response({ output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `an answer, ${kind}` }] }] })));
      const body = kind === 'gzip-answer' ? gzipSync(text) : kind === 'br-answer' ? brotliCompressSync(text) : deflateSync(text);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': kind.slice(0, kind.indexOf('-')), 'content-length': body.length, 'x-request-id': 'req_encoded' });
      res.end(body);
      return;
    }
    case 'cut-503-then-answer':
    case 'empty-gzip-503-then-answer': {
      if (hit > 1) return json(res, 200, response({ output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'an answer at last' }] }] }));
      if (kind === 'empty-gzip-503-then-answer') {
        res.writeHead(503, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': 0 });
        res.end();
        return;
      }
      res.writeHead(503, { 'content-type': 'application/json', 'content-length': 200 });
      res.write('{"error":');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    case 'raw-deflate-answer':
    case 'gzip-trailing-answer':
    case 'twice-encoded-answer': {
      const text = Buffer.from(JSON.stringify(response({ output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `an answer, ${kind}` }] }] })));
      const body = kind === 'raw-deflate-answer' ? deflateRawSync(text) : kind === 'gzip-trailing-answer' ? Buffer.concat([gzipSync(text), Buffer.from('\n')]) : gzipSync(brotliCompressSync(text));
      const encoding = kind === 'raw-deflate-answer' ? 'deflate' : kind === 'gzip-trailing-answer' ? 'gzip' : 'br, gzip';
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': body.length });
      res.end(body);
      return;
    }
    case 'bad-encoding': {
      const text = JSON.stringify(response({}));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    case 'odd-status':
      return json(res, 600, response({}));
    case 'no-content':
      res.writeHead(204);
      res.end();
      return;
    case 'endless-chunked': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const more = (): void => {
        while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', more);
      };
      more();
      return;
    }
    case 'models-html':
    case 'models-nope': {
      if (!path.endsWith('/models')) return json(res, 404, { error: { message: 'Not found', type: 'not_found' } });
      if (kind === 'models-nope') return json(res, 200, { data: 'nope' });
      const page = '<!doctype html><html><head><title>Sign in</title></head><body>SSO</body></html>';
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return;
    }
  }
}
