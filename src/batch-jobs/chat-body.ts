// A Responses API body (what `create` sends, and what a prompt object becomes) as a Chat Completions
// body, for `batch submit --endpoint chat`: TrueFoundry documents its batches with /v1/chat/completions.
// Instructions become a system message, input_text/input_image/input_file parts become text/image_url/
// file parts, and the fields with a chat equivalent are renamed. What chat cannot say is a problem
// for that line (reported with every other bad line, before anything is sent), never dropped silently.

import { FileDataUrl } from '../request/file-data-url.ts';

type Json = Record<string, unknown>;

export type ChatConversion = { body: Json } | { problem: string };

/** Fields that keep their name and meaning in a chat completion request. */
const SAME = ['model', 'temperature', 'top_p', 'metadata', 'store', 'service_tier', 'parallel_tool_calls', 'user', 'safety_identifier', 'prompt_cache_key', 'top_logprobs'];

export function toChatBody(body: Json): ChatConversion {
  const chat: Json = {};
  const messages: Json[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (SAME.includes(field)) chat[field] = value;
    else if (field === 'instructions') {
      if (typeof value !== 'string') return { problem: 'instructions must be text for the chat endpoint' };
      messages.unshift({ role: 'system', content: value });
    } else if (field === 'input') {
      const converted = chatMessages(value);
      if ('problem' in converted) return converted;
      messages.push(...converted.messages);
    } else if (field === 'max_output_tokens') chat['max_completion_tokens'] = value;
    else if (field === 'reasoning') {
      const { effort, ...rest } = isObject(value) ? value : {};
      if (Object.keys(rest).length > 0) return { problem: `reasoning.${Object.keys(rest)[0]} has no chat equivalent (use --endpoint responses)` };
      if (effort !== undefined) chat['reasoning_effort'] = effort;
    } else if (field === 'text') {
      const format = isObject(value) ? value['format'] : undefined;
      if (isObject(format) && format['type'] === 'json_schema') {
        const { type: _type, ...schema } = format;
        chat['response_format'] = { type: 'json_schema', json_schema: schema };
      } else if (!(isObject(format) && format['type'] === 'text')) {
        return { problem: 'this text format has no chat equivalent (use --endpoint responses)' };
      }
    } else {
      return { problem: `${field} has no chat completions equivalent (use --endpoint responses)` };
    }
  }
  chat['messages'] = messages;
  // model first, as people read it.
  return { body: { model: chat['model'], ...chat } };
}

function chatMessages(input: unknown): { messages: Json[] } | { problem: string } {
  if (typeof input === 'string') return { messages: [{ role: 'user', content: input }] };
  if (!Array.isArray(input)) return { problem: 'input must be text or a list of messages' };
  const messages: Json[] = [];
  for (const item of input) {
    if (!isObject(item) || (item['type'] !== undefined && item['type'] !== 'message') || typeof item['role'] !== 'string') {
      return { problem: 'only messages can be sent to the chat endpoint (use --endpoint responses for other input items)' };
    }
    const role = item['role'] === 'developer' ? 'system' : item['role'];
    const content = item['content'];
    if (typeof content === 'string') {
      messages.push({ role, content });
      continue;
    }
    if (!Array.isArray(content)) return { problem: 'a message content must be text or a list of parts' };
    const parts: Json[] = [];
    for (const part of content) {
      const converted = chatPart(part);
      if ('problem' in converted) return converted;
      parts.push(converted.part);
    }
    // Only a user message may hold images and files; the others get their text joined.
    if (role === 'user') messages.push({ role, content: parts });
    else if (parts.every((part) => part['type'] === 'text')) messages.push({ role, content: parts.map((part) => part['text']).join('\n') });
    else return { problem: `a ${String(role)} message can hold only text for the chat endpoint` };
  }
  return { messages };
}

function chatPart(part: unknown): { part: Json } | { problem: string } {
  if (!isObject(part)) return { problem: 'a content part must be an object' };
  switch (part['type']) {
    case 'input_text':
    case 'output_text':
      return { part: { type: 'text', text: part['text'] } };
    case 'input_image': {
      // A large local image is a FileDataUrl here, written into the line as its data: URL.
      if (typeof part['image_url'] !== 'string' && !(part['image_url'] instanceof FileDataUrl)) return { problem: 'an image by file_id cannot be sent to the chat endpoint' };
      const detail = part['detail'];
      return { part: { type: 'image_url', image_url: { url: part['image_url'], ...(detail === undefined ? {} : { detail }) } } };
    }
    case 'input_file': {
      if (typeof part['file_url'] === 'string') {
        return { problem: 'a file by URL cannot be sent to the chat endpoint: attach a local PDF, or use --endpoint responses' };
      }
      const file: Json = {};
      for (const field of ['filename', 'file_data', 'file_id']) if (typeof part[field] === 'string' || part[field] instanceof FileDataUrl) file[field] = part[field];
      return { part: { type: 'file', file } };
    }
    default:
      return { problem: `a ${String(part['type'])} part has no chat equivalent (use --endpoint responses)` };
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
