// Building Response objects. The reply text is deterministic so tests can
// assert it, and it describes what arrived so the demo shows the request round-trip.
import { isObject } from './http.ts';
import { newId, unixSeconds } from './ids.ts';
import { countWords, type InputSummary } from './input.ts';
import type { MessageItem, OutputItem, ResponseObject, ResponseStatus, Usage } from './types.ts';

export interface CreateRequest {
  body: Record<string, unknown>;
  /** The model as sent, e.g. `openai-main/gpt-4o`. */
  model: string;
  /** The part after the last `/`, which picks the behaviour. */
  name: string;
  provider: string;
  input: InputSummary;
  /** For a follow-up (previous_response_id): the response it follows and which turn this is. */
  follows?: { id: string; turn: number } | undefined;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The Markdown reply: what was received, then a quote of the user's text. */
export function replyText(request: CreateRequest): string {
  const { input, model, provider } = request;
  if (isJsonSchemaFormat(request.body['text'])) return JSON.stringify({ echo: input.text });
  let received = `*${plural(countWords(input.text), 'word')}*`;
  if (input.images > 0) received += `, ${plural(input.images, 'image')}`;
  if (input.files > 0) received += `, ${plural(input.files, 'file')}`;
  const lines = ['**Hello from the demo gateway.**', '', `You sent ${received} to \`${model}\` via provider \`${provider}\`.`];
  // A follow-up says where it sits in the chain, so a chat shows its conversation is carried on.
  if (request.follows) lines.push('', `Turn ${request.follows.turn} of this conversation, after \`${request.follows.id}\`.`);
  const quote = input.text.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (quote !== '') lines.push('', `> ${quote}`);
  return lines.join('\n');
}

function isJsonSchemaFormat(text: unknown): boolean {
  return isObject(text) && isObject(text['format']) && text['format']['type'] === 'json_schema';
}

export const REFUSAL_TEXT = "I can't help with that.";
export const FAILURE = { code: 'server_error', message: 'The model failed to generate a response.' };

/** The finished response for a create request (what a non-background call returns). */
export function buildResponse(request: CreateRequest, id = newId('resp'), createdAt = unixSeconds()): ResponseObject {
  const text = replyText(request);
  const base = baseResponse(request, id, createdAt);
  switch (request.name) {
    case 'failed':
      return { ...base, status: 'failed', error: FAILURE, usage: usage(request, [], 0) };
    case 'incomplete': {
      // Cut the reply in half, as a max_output_tokens limit would.
      const words = text.split(/(?<=\s)(?=\S)/);
      const partial = words.slice(0, Math.ceil(words.length / 2)).join('').trimEnd();
      const output = [message(partial, 'incomplete')];
      return { ...base, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output, usage: usage(request, output, 0) };
    }
    case 'refusal': {
      const output: OutputItem[] = [{ ...message('', 'completed'), content: [{ type: 'refusal', refusal: REFUSAL_TEXT }] }];
      return { ...base, output, usage: usage(request, output, 0) };
    }
    case 'tool-call': {
      const output: OutputItem[] = [{
        type: 'function_call',
        id: newId('fc'),
        call_id: newId('call'),
        name: 'get_weather',
        arguments: JSON.stringify({ city: 'Paris' }),
        status: 'completed',
      }];
      return { ...base, output, usage: usage(request, output, 0) };
    }
    case 'reasoning': {
      const summary = `The user sent ${plural(countWords(request.input.text), 'word')}; I will describe what arrived.`;
      const output: OutputItem[] = [
        { type: 'reasoning', id: newId('rs'), summary: [{ type: 'summary_text', text: summary }] },
        message(text, 'completed'),
      ];
      return { ...base, output, usage: usage(request, output, countWords(summary)) };
    }
    default: {
      const output = [message(text, 'completed')];
      return { ...base, output, usage: usage(request, output, 0) };
    }
  }
}

/** The same response before any output exists: queued, in progress, or cancelled. */
export function pendingCopy(response: ResponseObject, status: ResponseStatus): ResponseObject {
  return { ...response, status, output: [], usage: null, error: null, incomplete_details: null };
}

function baseResponse(request: CreateRequest, id: string, createdAt: number): ResponseObject {
  const { body } = request;
  const echo = (field: string): unknown => body[field] ?? null;
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: 'completed',
    model: request.model,
    output: [],
    usage: null,
    error: null,
    incomplete_details: null,
    instructions: echo('instructions'),
    temperature: echo('temperature'),
    top_p: echo('top_p'),
    max_output_tokens: echo('max_output_tokens'),
    previous_response_id: echo('previous_response_id'),
    reasoning: echo('reasoning'),
    metadata: body['metadata'] ?? {},
    store: body['store'] ?? true,
    background: body['background'] ?? false,
    text: body['text'] ?? { format: { type: 'text' } },
    tools: body['tools'] ?? [],
    tool_choice: body['tool_choice'] ?? 'auto',
    parallel_tool_calls: body['parallel_tool_calls'] ?? true,
  };
}

function message(text: string, status: MessageItem['status']): MessageItem {
  return {
    type: 'message',
    id: newId('msg'),
    status,
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

// Tokens are counted as words: close enough for a demo, and predictable in tests.
function usage(request: CreateRequest, output: OutputItem[], reasoningTokens: number): Usage {
  const instructions = typeof request.body['instructions'] === 'string' ? request.body['instructions'] : '';
  const input = Math.max(1, countWords(request.input.text) + countWords(instructions));
  const outputWords = output.reduce((sum, item) => sum + countWords(visibleText(item)), 0);
  const outputTokens = Math.max(1, outputWords + reasoningTokens);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: input + outputTokens,
  };
}

function visibleText(item: OutputItem): string {
  if (item.type === 'function_call') return item.arguments;
  if (item.type === 'reasoning') return '';
  return item.content.map((part) => (part.type === 'output_text' ? part.text : part.refusal)).join(' ');
}
