// POST /responses: validate, misbehave if the model asks for it, then answer
// as JSON, as a queued background response, or as a stream of events.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RouteContext } from './context.ts';
import { badRequest, isObject, sendJson } from './http.ts';
import { checkInput, inputItems, summariseInput } from './input.ts';
import { failBeforeOutput, modelName, promptTrigger, refuseNearMiss } from './models.ts';
import { buildResponse } from './responses.ts';
import { writeEventStream } from './sse.ts';
import { streamEvents } from './stream-events.ts';

// The gateway reports the concrete model it routed to; the date is fixed for tests.
const RESOLVED_MODEL_SUFFIX = '-2024-08-06';

export async function createResponse(ctx: RouteContext): Promise<void> {
  const body = requestBody(ctx);
  const model = body['model'];
  if (typeof model !== 'string' || model.trim() === '') {
    throw badRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  }
  if (body['input'] === undefined) {
    throw badRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  }
  checkInput(body['input']);
  checkPreviousResponse(ctx, body['previous_response_id']);
  if (body['background'] === true && body['store'] === false) {
    throw badRequest('Background responses must be stored: remove store=false.', 'store');
  }

  refuseNearMiss(model);
  // The behaviour: the model's name, or the prompt's `demo:<behaviour>` (models.ts).
  const name = promptTrigger(body['input']) ?? modelName(model);
  if (failBeforeOutput(name, model, ctx.res, ctx.settings)) return;
  if (name === 'slow') await sleep(ctx.settings.slowMs, undefined, { signal: ctx.signal });

  const previous = body['previous_response_id'];
  const follows = typeof previous === 'string' ? { id: previous, turn: ctx.store.turnOf(ctx.provider, previous) + 1 } : undefined;
  const finished = buildResponse({ body, model, name, provider: ctx.provider, input: summariseInput(body['input']), follows });
  const items = inputItems(body['input']);
  const headers = { 'x-tfy-resolved-model': `${ctx.provider}/${modelName(model)}${RESOLVED_MODEL_SUFFIX}` };
  const store = body['store'] !== false;

  if (body['stream'] === true) {
    await writeEventStream(ctx.res, headers, streamEvents(finished), {
      pauseAfterFirstDeltaMs: name === 'slow-stream' ? ctx.settings.streamPauseMs : 0,
      ...(name === 'cut-stream' ? { cutAfterDeltas: 2 } : {}),
      ...(name === 'stream-error' ? { errorAfterDeltas: 1 } : {}),
      eventDelayMs: ctx.settings.eventDelayMs,
      onEvent: ctx.settings.onStreamEvent,
      beforeFinalEvent: () => {
        if (store) ctx.store.save(ctx.provider, finished, items);
      },
      signal: ctx.signal,
    });
  } else if (body['background'] === true) {
    sendJson(ctx.res, 200, ctx.store.saveBackground(ctx.provider, finished, items), headers);
  } else {
    if (store) ctx.store.save(ctx.provider, finished, items);
    sendJson(ctx.res, 200, finished, headers);
  }
}

function requestBody(ctx: RouteContext): Record<string, unknown> {
  if (isObject(ctx.body)) return ctx.body;
  if (ctx.rawBody.trim() === '') throw badRequest('The request body is empty: send a JSON object.');
  if (ctx.body === undefined) {
    throw badRequest('We could not parse the JSON body of your request. Send valid JSON.', null, 'invalid_json');
  }
  throw badRequest('The request body must be a JSON object.');
}

// Like the real API, a follow-up must point at a response this provider stored.
function checkPreviousResponse(ctx: RouteContext, previous: unknown): void {
  if (previous === undefined || previous === null) return;
  if (typeof previous !== 'string' || !ctx.store.has(ctx.provider, previous)) {
    throw badRequest(`Previous response with id '${String(previous)}' not found.`, 'previous_response_id', 'previous_response_not_found');
  }
}
