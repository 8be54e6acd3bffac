// Reading a request's `input`: what the user sent, and the items to store.
import { badRequest, isObject } from './http.ts';
import { newId } from './ids.ts';
import type { InputItem } from './types.ts';

export interface InputSummary {
  /** The input_text parts joined by newlines (or the input itself when it is a string). */
  text: string;
  images: number;
  files: number;
}

/** Rejects an `input` the real API would reject outright; the details of each part are not checked. */
export function checkInput(input: unknown): void {
  if (typeof input === 'string') return;
  if (!Array.isArray(input)) {
    throw badRequest("Invalid type for 'input': expected a string or an array of input items.", 'input');
  }
  input.forEach((item, index) => {
    if (!isObject(item)) throw badRequest(`Invalid type for 'input[${index}]': expected an object.`, `input[${index}]`);
  });
}

export function summariseInput(input: unknown): InputSummary {
  if (typeof input === 'string') return { text: input, images: 0, files: 0 };
  const summary: InputSummary = { text: '', images: 0, files: 0 };
  const texts: string[] = [];
  for (const item of Array.isArray(input) ? input : []) {
    const content: unknown = isObject(item) ? item['content'] : undefined;
    if (typeof content === 'string') texts.push(content);
    if (!Array.isArray(content)) continue;
    for (const part of content) {
      if (!isObject(part)) continue;
      // Images and files are only counted: data URLs can be megabytes long.
      if (part['type'] === 'input_text' && typeof part['text'] === 'string') texts.push(part['text']);
      else if (part['type'] === 'input_image') summary.images += 1;
      else if (part['type'] === 'input_file') summary.files += 1;
    }
  }
  summary.text = texts.join('\n');
  return summary;
}

/** The input as the list of items /input_items returns, each with an id. */
export function inputItems(input: unknown): InputItem[] {
  if (typeof input === 'string') {
    return [{ id: newId('msg'), type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  }
  const items = Array.isArray(input) ? input.filter(isObject) : [];
  return items.map((item) => {
    const role = item['role'];
    const content = item['content'];
    const normalised: Record<string, unknown> = { ...item };
    // The short form `{role, content: "text"}` is stored the way the API lists it.
    if (normalised['type'] === undefined && role !== undefined) normalised['type'] = 'message';
    if (typeof content === 'string') {
      normalised['content'] = [{ type: role === 'assistant' ? 'output_text' : 'input_text', text: content }];
    }
    const id = typeof item['id'] === 'string' ? item['id'] : newId('msg');
    return { ...normalised, id };
  });
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
