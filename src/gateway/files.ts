// The Files API routes: upload (multipart, purpose "batch"), retrieve, content, delete.
import type { RouteContext } from './context.ts';
import { GatewayError, badRequest, sendJson } from './http.ts';
import { readUpload } from './multipart.ts';

const PURPOSES = new Set(['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals']);

export async function uploadFile(ctx: RouteContext): Promise<void> {
  const { fields, file } = await readUpload(ctx.req, ctx.settings.maxFileBytes);
  const purpose = fields.get('purpose');
  if (purpose === undefined) throw badRequest("Missing required parameter: 'purpose'.", 'purpose', 'missing_required_parameter');
  if (!PURPOSES.has(purpose)) throw badRequest(`Invalid value for 'purpose': '${purpose}'.`, 'purpose', 'invalid_value');
  if (!file) throw badRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
  if (purpose === 'batch' && !file.name.endsWith('.jsonl')) {
    throw badRequest('A file with purpose batch must be a .jsonl file.', 'file', 'invalid_file_format');
  }
  sendJson(ctx.res, 200, ctx.files.add(ctx.provider, file.name, purpose, file.content));
}

export function retrieveFile(ctx: RouteContext, id: string): void {
  sendJson(ctx.res, 200, ctx.files.get(ctx.provider, id) ?? notFound(id));
}

export function fileContent(ctx: RouteContext, id: string): void {
  const content = ctx.files.content(ctx.provider, id) ?? notFound(id);
  ctx.res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length });
  ctx.res.end(content);
}

export function deleteFile(ctx: RouteContext, id: string): void {
  if (!ctx.files.delete(ctx.provider, id)) notFound(id);
  sendJson(ctx.res, 200, { id, object: 'file', deleted: true });
}

function notFound(id: string): never {
  throw new GatewayError(404, `No such File object: ${id}`, 'invalid_request_error', { code: 'not_found', param: 'id' });
}
