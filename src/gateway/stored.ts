// The routes on a stored response: retrieve, delete, cancel, input items.
import type { RouteContext } from './context.ts';
import { badRequest, responseNotFound, sendJson } from './http.ts';
import type { InputItem } from './types.ts';

export function retrieveResponse(ctx: RouteContext, id: string): void {
  const response = ctx.store.retrieve(ctx.provider, id);
  if (!response) throw responseNotFound(id);
  sendJson(ctx.res, 200, response);
}

export function deleteResponse(ctx: RouteContext, id: string): void {
  if (!ctx.store.delete(ctx.provider, id)) throw responseNotFound(id);
  sendJson(ctx.res, 200, { id, object: 'response', deleted: true });
}

export function cancelResponse(ctx: RouteContext, id: string): void {
  const result = ctx.store.cancel(ctx.provider, id);
  if (!result) throw responseNotFound(id);
  if (result === 'not-running') {
    throw badRequest('Cannot cancel a response that is not in progress: only queued or in-progress background responses can be cancelled.');
  }
  sendJson(ctx.res, 200, result);
}

export function listInputItems(ctx: RouteContext, id: string): void {
  const items = ctx.store.inputItems(ctx.provider, id);
  if (!items) throw responseNotFound(id);
  sendJson(ctx.res, 200, page(items, ctx.query));
}

/** A cursor page as the API lists it: `after` is the id of the last item already seen. */
function page(items: InputItem[], query: URLSearchParams) {
  const limit = Number(query.get('limit') ?? '20');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw badRequest("Invalid 'limit': expected an integer from 1 to 100.", 'limit');
  }
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw badRequest("Invalid 'order': expected 'asc' or 'desc'.", 'order');
  const ordered = order === 'asc' ? items : [...items].reverse();
  const after = query.get('after');
  let start = 0;
  if (after !== null) {
    const index = ordered.findIndex((item) => item.id === after);
    if (index === -1) throw badRequest(`Invalid 'after': no input item with id '${after}'.`, 'after');
    start = index + 1;
  }
  const data = ordered.slice(start, start + limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < ordered.length,
  };
}
