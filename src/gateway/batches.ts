// The Batch API routes: create, retrieve, list (cursor pages), cancel.
import type { RouteContext } from './context.ts';
import { GatewayError, badRequest, isObject, sendJson } from './http.ts';
import type { BatchObject } from './batch-store.ts';

/** The endpoints a TrueFoundry batch runs: the Responses API, and chat completions as its docs show. */
const ENDPOINTS = new Set(['/v1/responses', '/v1/chat/completions']);

export function createBatch(ctx: RouteContext): void {
  const body = ctx.body;
  if (!isObject(body)) throw badRequest('The request body must be a JSON object.');
  const { input_file_id: fileId, endpoint, completion_window: window, metadata } = body;
  if (typeof fileId !== 'string') throw badRequest("Missing required parameter: 'input_file_id'.", 'input_file_id', 'missing_required_parameter');
  if (typeof endpoint !== 'string' || !ENDPOINTS.has(endpoint)) {
    throw badRequest(`Invalid 'endpoint': expected one of ${[...ENDPOINTS].join(', ')}.`, 'endpoint', 'invalid_value');
  }
  if (window !== '24h') throw badRequest("Invalid 'completion_window': only '24h' is supported.", 'completion_window', 'invalid_value');
  const file = ctx.files.get(ctx.provider, fileId);
  const content = ctx.files.content(ctx.provider, fileId);
  if (!file || !content) throw new GatewayError(404, `No such File object: ${fileId}`, 'invalid_request_error', { code: 'not_found', param: 'input_file_id' });
  if (file.purpose !== 'batch') throw badRequest(`The file ${fileId} was not uploaded with purpose 'batch'.`, 'input_file_id', 'invalid_file');
  sendJson(ctx.res, 200, ctx.batches.create(ctx.provider, { input_file_id: fileId, endpoint, completion_window: window, metadata: checkMetadata(metadata) }, content));
}

export function retrieveBatch(ctx: RouteContext, id: string): void {
  sendJson(ctx.res, 200, ctx.batches.retrieve(ctx.provider, id) ?? notFound(id));
}

export function cancelBatch(ctx: RouteContext, id: string): void {
  const result = ctx.batches.cancel(ctx.provider, id) ?? notFound(id);
  if (result === 'finished') throw badRequest(`Cannot cancel batch ${id}: it has already ended.`, null, 'batch_not_cancellable');
  sendJson(ctx.res, 200, result);
}

/** A cursor page, newest first: `after` is the id of the last batch already seen. */
export function listBatches(ctx: RouteContext): void {
  const limit = Number(ctx.query.get('limit') ?? '20');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest("Invalid 'limit': expected an integer from 1 to 100.", 'limit');
  const batches = ctx.batches.list(ctx.provider);
  const after = ctx.query.get('after');
  let start = 0;
  if (after !== null) {
    const index = batches.findIndex((batch) => batch.id === after);
    if (index === -1) throw badRequest(`Invalid 'after': no batch with id '${after}'.`, 'after');
    start = index + 1;
  }
  const data: BatchObject[] = batches.slice(start, start + limit);
  sendJson(ctx.res, 200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < batches.length });
}

function checkMetadata(metadata: unknown): Record<string, string> | null {
  if (metadata === undefined || metadata === null) return null;
  if (!isObject(metadata)) throw badRequest("Invalid 'metadata': expected an object of strings.", 'metadata');
  const entries = Object.entries(metadata);
  if (entries.length > 16) throw badRequest("Invalid 'metadata': at most 16 keys.", 'metadata');
  for (const [key, value] of entries) {
    if (typeof value !== 'string' || key.length > 64 || value.length > 512) {
      throw badRequest(`Invalid 'metadata.${key}': keys up to 64 characters, values strings up to 512.`, 'metadata');
    }
  }
  return metadata as Record<string, string>;
}

function notFound(id: string): never {
  throw new GatewayError(404, `No batch found with id '${id}'.`, 'invalid_request_error', { code: 'not_found' });
}
