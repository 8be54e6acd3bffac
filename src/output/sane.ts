// A response (or output item) as the gateway sent it is untrusted input (untrusted.ts types it so):
// any field may be missing, null, the wrong type or absurdly long. These copy it into the same shape
// keeping only what has the right type, so every reader (printing, the history) can rely on what a field
// holds. --json prints the raw body.
import { isResponseId } from '../request/response-id.ts';
import type { OutputItemLike, ResponseLike } from './untrusted.ts';

/** Longer than any status, model or label the API uses; a longer one is not one. */
const MAX_NAME_LENGTH = 200;

type Loose = Record<string, unknown>;

function record(value: unknown): Loose | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined;
}

/** A string field, or undefined when it is anything else. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A short name (status, model, type), or undefined when it is not a string or too long to be one. */
function name(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_NAME_LENGTH ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A function call's arguments: a string as sent, an object as its JSON (some gateways send one). */
function argumentsText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return undefined;
}

/** An output item, or undefined when it is not an object. */
export function saneItem(value: unknown): OutputItemLike | undefined {
  const item = record(value);
  if (!item) return undefined;
  const content = list(item['content']).flatMap((raw) => {
    const part = record(raw);
    return part ? [{ type: name(part['type']), text: str(part['text']), refusal: str(part['refusal']) }] : [];
  });
  const summary = list(item['summary']).flatMap((raw) => {
    const part = record(raw);
    return part ? [{ text: str(part['text']) }] : [];
  });
  // Fields no renderer reads pass through as they came (still untrusted: readers narrow them).
  return dropUndefined<OutputItemLike>({
    ...item,
    type: name(item['type']),
    name: name(item['name']),
    arguments: argumentsText(item['arguments']),
    input: argumentsText(item['input']),
    call_id: name(item['call_id']),
    status: name(item['status']),
    server_label: name(item['server_label']),
    summary,
    content,
  });
}

/** What a response id from the server must look like to be shown, stored and sent back in a URL. */
export function saneId(value: unknown): string | undefined {
  return typeof value === 'string' && isResponseId(value) ? value : undefined;
}

/**
 * The response with every field the renderers and the history read checked (the rest as it came). `badId` is set when the server sent an id
 * that cannot be one (too long, or not URL-safe): such an id is never stored or used.
 */
export function saneResponse(value: unknown): ResponseLike & { badId?: true } {
  const response = record(value) ?? {};
  const id = saneId(response['id']);
  const usage = record(response['usage']);
  const incomplete = record(response['incomplete_details']);
  const error = record(response['error']);
  return dropUndefined<ResponseLike & { badId?: true }>({
    ...response,
    id,
    badId: id === undefined && response['id'] !== undefined && response['id'] !== null ? (true as const) : undefined,
    // Sent back in a URL by whoever follows the chain (chat's /save): an id, or nothing.
    previous_response_id: saneId(response['previous_response_id']),
    status: name(response['status']),
    model: name(response['model']),
    store: typeof response['store'] === 'boolean' ? response['store'] : undefined,
    output: list(response['output']).map(saneItem).filter((item): item is OutputItemLike => item !== undefined),
    usage: usage ? { input_tokens: count(usage['input_tokens']), output_tokens: count(usage['output_tokens']) } : undefined,
    incomplete_details: incomplete ? { reason: str(incomplete['reason']) } : undefined,
    error: error ? { code: str(error['code']), message: str(error['message']) } : undefined,
  });
}

/** The object without its undefined fields, typed as the optional-field shape it now fits. */
function dropUndefined<T>(value: Record<string, unknown>): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value as T;
}
