// What one input line asks for, before any file is read: a prompt (a text line, or a JSONL prompt object)
// or an OpenAI Batch API line. Pure, so both modes (local `batch run`, gateway `batch submit`) read
// lines the same way. A JSONL line is one of:
//   {"custom_id"?, "prompt" | "input", "model"?, "instructions"?, "image"?: [...], "file"?: [...], ...any create field}
//   {"custom_id", "method": "POST", "url": "/v1/responses" | "/v1/chat/completions", "body": {...}}
import type { Problem } from '../errors/problems.ts';
import type { InputFormat } from './input-lines.ts';

/** Every top-level field of the Responses API's create body (openai's ResponseCreateParamsBase). */
export const RESPONSE_FIELDS: ReadonlySet<string> = new Set([
  'access_programs', 'background', 'context_management', 'conversation', 'image', 'include', 'input', 'instructions',
  'max_output_tokens', 'max_tool_calls', 'metadata', 'model', 'moderation', 'parallel_tool_calls', 'previous_response_id',
  'prompt', 'prompt_cache_key', 'prompt_cache_options', 'prompt_cache_retention', 'reasoning', 'safety_identifier',
  'service_tier', 'store', 'stream', 'stream_options', 'temperature', 'text', 'tool_choice', 'tools', 'top_logprobs',
  'top_p', 'truncation', 'user',
]);

/** Fields a batch request cannot have: a batch reads each answer whole and waits for it. */
const NOT_IN_A_BATCH: ReadonlySet<string> = new Set(['stream', 'stream_options', 'background']);

/** The fields a prompt object adds to the API's: its id and create's attachments. */
const PROMPT_OBJECT_FIELDS: ReadonlySet<string> = new Set(['custom_id', 'image', 'file', 'image_detail']);

export const BATCH_URLS = ['/v1/responses', '/v1/chat/completions'] as const;
export type BatchUrl = (typeof BATCH_URLS)[number];

export interface LineSpec {
  number: number;
  customId: string;
  /** Whether the id came from the line (else it is `line-N`). */
  ownId: boolean;
  kind: 'prompt' | 'batch';
  /** A Batch API line's url; prompts are for /v1/responses. */
  url: BatchUrl;
  /** The prompt text (a text line, or a prompt object's `prompt` string). */
  text?: string | undefined;
  /** A prompt object's `input`, or a Batch API body's: used as it is. */
  input?: unknown;
  model?: string | undefined;
  /** Local paths or URLs, as create's -i and -f take them. */
  images: string[];
  files: string[];
  imageDetail?: 'low' | 'high' | 'auto' | undefined;
  /** Every other field, under its API name, overriding the command line's. */
  fields: Record<string, unknown>;
}

export type ParsedLine = { ok: true; spec: LineSpec } | { ok: false; problems: Problem[] };

export const assignedId = (number: number): string => `line-${number}`;

/** A non-blank line of the given format. */
export function parseLine(number: number, text: string, format: InputFormat): ParsedLine {
  if (format === 'text') {
    return { ok: true, spec: { number, customId: assignedId(number), ownId: false, kind: 'prompt', url: '/v1/responses', text, images: [], files: [], fields: {} } };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return fail(`not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(value)) return fail('expected a JSON object', 'one request per line: {"prompt": "…"} or a Batch API line');
  return 'method' in value || 'url' in value || 'body' in value ? batchLine(number, value) : promptObject(number, value);
}

function promptObject(number: number, line: Record<string, unknown>): ParsedLine {
  const problems: Problem[] = [];
  const id = customId(line, number, problems, false);
  const unknown = Object.keys(line).filter((key) => !PROMPT_OBJECT_FIELDS.has(key) && !RESPONSE_FIELDS.has(key));
  if (unknown.length > 0) problems.push({ message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map(quote).join(', ')}`, hint: 'a prompt object takes custom_id, prompt or input, model, image, file and any field of the Responses API' });
  for (const key of Object.keys(line).filter((k) => NOT_IN_A_BATCH.has(k))) problems.push({ message: `"${key}" cannot be set in a batch` });
  const { custom_id: _id, prompt, input, model, image, file, image_detail: detail, ...rest } = line;
  // `prompt` is the text; an object there is the API's prompt template, and `image` as an object is its image options.
  const text = typeof prompt === 'string' ? prompt : undefined;
  if (prompt !== undefined && text === undefined) {
    if (isObject(prompt)) rest['prompt'] = prompt;
    else problems.push({ message: '"prompt" must be a string' });
  }
  const images = isObject(image) ? (rest['image'] = image, []) : strings('image', image, problems);
  const files = strings('file', file, problems);
  if (text !== undefined && input !== undefined) problems.push({ message: 'both "prompt" and "input": give one' });
  if (text === undefined && input === undefined) problems.push({ message: 'no "prompt" or "input"', hint: 'e.g. {"prompt": "Summarise this"}' });
  if (input !== undefined && (images.length > 0 || files.length > 0)) problems.push({ message: '"input" replaces the whole input: put the images and files in it, or use "prompt"' });
  if (text !== undefined && text.trim() === '') problems.push({ message: '"prompt" is empty' });
  checkInput(input, problems);
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) problems.push({ message: '"model" must be a non-empty string' });
  if (detail !== undefined && detail !== 'low' && detail !== 'high' && detail !== 'auto') problems.push({ message: '"image_detail" must be low, high or auto' });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      ...id,
      number,
      kind: 'prompt',
      url: '/v1/responses',
      text,
      input,
      model: model as string | undefined,
      images,
      files,
      imageDetail: detail as LineSpec['imageDetail'],
      fields: rest,
    },
  };
}

function batchLine(number: number, line: Record<string, unknown>): ParsedLine {
  const problems: Problem[] = [];
  const id = customId(line, number, problems, true);
  const unknown = Object.keys(line).filter((key) => !['custom_id', 'method', 'url', 'body'].includes(key));
  if (unknown.length > 0) problems.push({ message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map(quote).join(', ')} in a Batch API line`, hint: 'a Batch API line has custom_id, method, url and body' });
  if (line['method'] !== 'POST') problems.push({ message: '"method" must be "POST"' });
  const url = line['url'];
  if (!BATCH_URLS.includes(url as BatchUrl)) problems.push({ message: `"url" must be ${BATCH_URLS.map(quote).join(' or ')}` });
  const body = line['body'];
  if (!isObject(body)) {
    problems.push({ message: '"body" must be a JSON object' });
    return { ok: false, problems };
  }
  const { model, input, ...rest } = body;
  if (url === '/v1/responses') {
    const unknownBody = Object.keys(body).filter((key) => !RESPONSE_FIELDS.has(key));
    if (unknownBody.length > 0) problems.push({ message: `unknown body field${unknownBody.length > 1 ? 's' : ''} ${unknownBody.map(quote).join(', ')}` });
    for (const key of Object.keys(body).filter((k) => NOT_IN_A_BATCH.has(k))) problems.push({ message: `"body.${key}" cannot be set in a batch` });
    if (input === undefined) problems.push({ message: 'the body has no "input"' });
    checkInput(input, problems);
  }
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) problems.push({ message: '"body.model" must be a non-empty string' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, spec: { ...id, number, kind: 'batch', url: url as BatchUrl, input, model: model as string | undefined, images: [], files: [], fields: rest } };
}

function customId(line: Record<string, unknown>, number: number, problems: Problem[], required: boolean): { customId: string; ownId: boolean } {
  const id = line['custom_id'];
  if (id === undefined && !required) return { customId: assignedId(number), ownId: false };
  if (typeof id !== 'string' || id === '') {
    problems.push({ message: id === undefined ? 'a Batch API line needs a "custom_id"' : '"custom_id" must be a non-empty string' });
    return { customId: assignedId(number), ownId: false };
  }
  if (/[\t\r\n]/.test(id)) problems.push({ message: '"custom_id" has a tab or a line break' });
  return { customId: id, ownId: true };
}

function strings(field: string, value: unknown, problems: Problem[]): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item === '')) {
    problems.push({ message: `"${field}" must be a path or URL, or an array of them` });
    return [];
  }
  return list as string[];
}

function checkInput(input: unknown, problems: Problem[]): void {
  if (input === undefined || typeof input === 'string') return;
  if (!Array.isArray(input) || input.length === 0 || input.some((item) => !isObject(item))) {
    problems.push({ message: '"input" must be a string or a non-empty array of input items' });
  }
}

function fail(message: string, hint?: string): ParsedLine {
  return { ok: false, problems: [{ message, hint }] };
}

const quote = (text: string): string => JSON.stringify(text);

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
