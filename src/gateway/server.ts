// A local stand-in for the TrueFoundry AI Gateway's Responses API: the
// "demo gateway" users can try the CLI against, and the server every test talks to.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayError, isObject, parseJson, readBody, sendError } from './http.ts';
import { newId } from './ids.ts';
import { BatchStore } from './batch-store.ts';
import { FileStore } from './file-store.ts';
import { API_PREFIX, isUpload, route } from './router.ts';
import { ResponseStore } from './store.ts';
import { Load } from './load.ts';
import type { FakeGateway, GatewayOptions, RecordedRequest, Settings } from './types.ts';

export type { FakeGateway, GatewayOptions, RecordedRequest } from './types.ts';

export const DEMO_API_KEY = 'tfy-demo-key';

export async function startGateway(options: GatewayOptions = {}): Promise<FakeGateway> {
  const settings = resolveSettings(options);
  const store = new ResponseStore(settings.backgroundPolls);
  const files = new FileStore();
  const batches = new BatchStore(files, settings);
  const requests: RecordedRequest[] = [];
  const load = new Load({ latencyMs: options.latencyMs, maxConcurrent: options.maxConcurrent, retryAfterSeconds: options.loadRetryAfterSeconds });
  const log = options.log;

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res);
  };
  // node:https only when asked: the demo command should not load TLS to serve plain HTTP.
  const server = options.tls ? (await import('node:https')).createServer(options.tls, listener) : createServer(listener);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    res.setHeader('x-request-id', newId('req'));
    // Ends slow answers and streams when the client goes away (or close() drops it).
    const disconnected = new AbortController();
    res.on('close', () => disconnected.abort());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // An upload is read by its route as it streams in, not held whole here first.
    const upload = isUpload(req.method ?? 'GET', url.pathname);
    try {
      const { raw, tooLarge } = upload ? { raw: '', tooLarge: false } : await readBody(req);
      const body = parseJson(raw);
      if (options.record !== false) requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: flattenHeaders(req.headers),
        body,
        rawBody: raw,
      });
      if (log) res.on('close', () => log(logLine(req, res, url, body, startedAt)));
      if (tooLarge) throw new GatewayError(413, 'The request body is too large.', 'invalid_request_error');
      const ctx = { req, res, body, rawBody: raw, query: url.searchParams, settings, store, files, batches, signal: disconnected.signal };
      if (req.method === 'POST' && url.pathname.replace(/\/$/, '').endsWith('/responses')) await load.serve(disconnected.signal, () => route(req, url, ctx));
      else await route(req, url, ctx);
    } catch (error) {
      // A refused upload is read to its end, so the client gets the answer rather than a reset.
      if (upload && !req.readableEnded) req.resume();
      if (disconnected.signal.aborted) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, error instanceof GatewayError ? error : internalError(error, log));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the demo gateway accepts a published key and must not be reachable from outside.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${API_PREFIX}`,
    origin,
    port,
    requests,
    load: load.stats,
    responses: (provider) => store.responses(provider),
    files: (provider) => files.files(provider),
    batches: (provider) => batches.list(provider),
    advanceBatches: () => batches.advance(),
    clear: () => {
      requests.length = 0;
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets and open streams would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function resolveSettings(options: GatewayOptions): Settings {
  return {
    apiKeys: new Set(options.apiKeys ?? [DEMO_API_KEY]),
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    slowMs: options.slowMs ?? 3000,
    streamPauseMs: options.streamPauseMs ?? 1000,
    backgroundPolls: options.backgroundPolls ?? 2,
    maxFileBytes: options.maxFileBytes ?? 50 * 1024 * 1024,
    maxBatchLines: options.maxBatchLines ?? 50_000,
    batchClock: options.batchClock ?? 'polls',
    eventDelayMs: options.eventDelayMs ?? 0,
    onStreamEvent: options.onStreamEvent,
  };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

// Method, path, status, time, provider and model; never headers or query (a key could hide there).
function logLine(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown, startedAt: number): string {
  const parts = [req.method ?? 'GET', url.pathname, String(res.statusCode), `${Math.round(performance.now() - startedAt)}ms`];
  const provider = req.headers['x-tfy-provider-name'];
  if (typeof provider === 'string') parts.push(`provider=${provider}`);
  if (isObject(body) && typeof body['model'] === 'string') parts.push(`model=${body['model']}`);
  if (!res.writableFinished) parts.push('(connection closed early)');
  return parts.join(' ');
}

function internalError(error: unknown, log: ((line: string) => void) | undefined): GatewayError {
  log?.(`internal error: ${error instanceof Error ? error.message : String(error)}`);
  return new GatewayError(500, 'The demo gateway hit an internal error.', 'server_error', { code: 'server_error' });
}
