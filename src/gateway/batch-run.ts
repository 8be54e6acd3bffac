// Running one line of a batch: the body goes through the same code as POST /responses (or a chat
// completion built the same way), and the result is a line of the output or the error file.
import { isObject } from './http.ts';
import { newId, unixSeconds } from './ids.ts';
import { summariseInput, type InputSummary } from './input.ts';
import { modelError, modelName, promptTrigger } from './models.ts';
import { buildResponse, replyText } from './responses.ts';
import type { Settings } from './types.ts';
import type { BatchLine } from './batch-lines.ts';

export interface BatchResultLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: unknown } | null;
  error: { code: string; message: string } | null;
}

/** The result of one request: `ok` decides whether it goes to the output or the error file. */
export function runBatchLine(line: BatchLine, endpoint: string, provider: string, settings: Settings): { ok: boolean; result: BatchResultLine } {
  const model = String(line.body['model']);
  const name = modelName(model);
  const base = { id: newId('batch_req'), custom_id: line.customId };
  // A batch runs one model, so one request of it is made to misbehave by its prompt (`demo:always-500`).
  const failure = modelError(lineTrigger(line) ?? name, model, settings);
  if (failure) {
    const body = { error: { message: failure.message, type: failure.type, code: failure.code, param: failure.param } };
    return { ok: false, result: { ...base, response: { status_code: failure.status, request_id: newId('req'), body }, error: null } };
  }
  const body = endpoint === '/v1/chat/completions'
    ? chatCompletion(line.body, model, name, provider)
    : buildResponse({ body: line.body, model, name, provider, input: summariseInput(line.body['input']) });
  return { ok: true, result: { ...base, response: { status_code: 200, request_id: newId('req'), body }, error: null } };
}

/**
 * A prompt that names a misbehaving model's behaviour (`demo:always-500`, `demo:batch-expires`): the way
 * one request of a batch, which runs one model, asks the demo gateway for it. The text of a Responses
 * input, or of a chat body's last message.
 */
export function lineTrigger(line: BatchLine): string | undefined {
  const messages = line.body['messages'];
  return promptTrigger(Array.isArray(messages) ? (messages.at(-1) as { content?: unknown } | undefined)?.content : line.body['input']);
}

/** A line that never ran: the batch expired (or was cancelled) first. */
export function notRun(line: BatchLine, code: 'batch_expired' | 'batch_cancelled'): BatchResultLine {
  const message = code === 'batch_expired'
    ? 'This request could not be executed before the completion window expired.'
    : 'This request was not executed because the batch was cancelled.';
  return { id: newId('batch_req'), custom_id: line.customId, response: null, error: { code, message } };
}

function chatCompletion(body: Record<string, unknown>, model: string, name: string, provider: string) {
  const input = summariseMessages(body['messages']);
  const text = replyText({ body, model, name, provider, input });
  const promptTokens = Math.max(1, input.text.split(/\s+/).filter(Boolean).length);
  const completionTokens = Math.max(1, text.split(/\s+/).filter(Boolean).length);
  return {
    id: newId('chatcmpl'),
    object: 'chat.completion',
    created: unixSeconds(),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** Chat messages read like a Responses input: the text parts joined, images and files counted. */
function summariseMessages(messages: unknown): InputSummary {
  const summary: InputSummary = { text: '', images: 0, files: 0 };
  const texts: string[] = [];
  for (const message of Array.isArray(messages) ? messages : []) {
    if (!isObject(message) || message['role'] === 'system' || message['role'] === 'developer') continue;
    const content = message['content'];
    if (typeof content === 'string') texts.push(content);
    for (const part of Array.isArray(content) ? content : []) {
      if (!isObject(part)) continue;
      if (part['type'] === 'text' && typeof part['text'] === 'string') texts.push(part['text']);
      else if (part['type'] === 'image_url') summary.images += 1;
      else if (part['type'] === 'file') summary.files += 1;
    }
  }
  summary.text = texts.join('\n');
  return summary;
}
