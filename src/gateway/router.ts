// Which handler answers a request, after the checks every route shares:
// the /api/llm prefix, the API key, and (for /responses, /files, /batches) the provider header.
import type { IncomingMessage } from 'node:http';
import type { RouteContext } from './context.ts';
import { createResponse } from './create.ts';
import { GatewayError, sendJson } from './http.ts';
import { modelList } from './models.ts';
import { cancelResponse, deleteResponse, listInputItems, retrieveResponse } from './stored.ts';
import { cancelBatch, createBatch, listBatches, retrieveBatch } from './batches.ts';
import { deleteFile, fileContent, retrieveFile, uploadFile } from './files.ts';
import type { Settings } from './types.ts';

/** Where the gateway mounts its OpenAI-compatible API, as TrueFoundry's does. */
export const API_PREFIX = '/api/llm';

type Handler = (ctx: RouteContext, id: string) => void | Promise<void>;

// Keyed by `METHOD shape`, where shape is the path with the id replaced by `:id`.
const ROUTES: Readonly<Record<string, Handler>> = {
  'POST /responses': (ctx) => createResponse(ctx),
  'GET /responses/:id': retrieveResponse,
  'DELETE /responses/:id': deleteResponse,
  'POST /responses/:id/cancel': cancelResponse,
  'GET /responses/:id/input_items': listInputItems,
  'POST /files': (ctx) => uploadFile(ctx),
  'GET /files/:id': retrieveFile,
  'GET /files/:id/content': fileContent,
  'DELETE /files/:id': deleteFile,
  'POST /batches': (ctx) => createBatch(ctx),
  'GET /batches': (ctx) => listBatches(ctx),
  'GET /batches/:id': retrieveBatch,
  'POST /batches/:id/cancel': cancelBatch,
};

/** The collections and what may follow an id in each. */
const SHAPE = /^\/(responses|files|batches)(?:\/([^/]+)(\/cancel|\/input_items|\/content)?)?$/;

/** Whether a request is a file upload, whose body the route reads itself as it streams in. */
export function isUpload(method: string, path: string): boolean {
  return method === 'POST' && path.replace(/\/$/, '') === `${API_PREFIX}/files`;
}

export async function route(req: IncomingMessage, url: URL, ctx: Omit<RouteContext, 'provider'>): Promise<void> {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (path !== API_PREFIX && !path.startsWith(`${API_PREFIX}/`)) throw unknownUrl(method, path);
  checkApiKey(req, ctx.settings);
  checkMetadata(req);

  const rest = path.slice(API_PREFIX.length).replace(/\/$/, '');
  if (method === 'GET' && rest === '/models') {
    sendJson(ctx.res, 200, modelList());
    return;
  }
  const match = SHAPE.exec(rest);
  const id = match?.[2] === undefined ? '' : decodeId(match[2]);
  const shape = match ? `/${match[1]}${id === '' ? '' : '/:id'}${match[3] ?? ''}` : '';
  const handler = ROUTES[`${method} ${shape}`];
  if (!handler) throw unknownUrl(method, path);
  await handler({ ...ctx, provider: requireProvider(req) }, id);
}

function decodeId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape is simply an id that is not found
  }
}

function checkApiKey(req: IncomingMessage, settings: Settings): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  // The message is the same whatever was sent, and never quotes the key.
  if (!match?.[1] || !settings.apiKeys.has(match[1])) {
    throw new GatewayError(401, 'Invalid API key', 'authentication_error', { code: 'invalid_api_key' });
  }
}

/**
 * x-tfy-metadata, as TrueFoundry's gateway reads it: a JSON object of string values, in UTF-8.
 * Node hands header bytes over as Latin-1 characters, so they are turned back into bytes first.
 */
function checkMetadata(req: IncomingMessage): void {
  const raw = req.headers['x-tfy-metadata'];
  if (typeof raw !== 'string') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(raw, 'latin1')));
  } catch {
    parsed = undefined;
  }
  const valid = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((value) => typeof value === 'string');
  if (!valid) throw new GatewayError(400, "The header 'x-tfy-metadata' must be a JSON object of string values in UTF-8.", 'invalid_request_error', { code: 'invalid_metadata' });
}

function requireProvider(req: IncomingMessage): string {
  const provider = req.headers['x-tfy-provider-name'];
  if (typeof provider !== 'string' || provider.trim() === '') {
    throw new GatewayError(
      400,
      "The header 'x-tfy-provider-name' is missing: the gateway needs it to route the request to a provider.",
      'invalid_request_error',
      { code: 'missing_provider' },
    );
  }
  if (provider === 'forbidden') {
    throw new GatewayError(403, 'this key is not allowed to use provider forbidden', 'permission_error', {
      code: 'permission_denied',
    });
  }
  return provider;
}

function unknownUrl(method: string, path: string): GatewayError {
  return new GatewayError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error', { code: 'unknown_url' });
}
