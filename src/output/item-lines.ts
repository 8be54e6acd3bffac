// Input items → one readable line each: who or what, then a preview of the text. Pure functions.
import { forTerminal } from '../terminal/safe-text.ts';
import type { InputItemLike } from './untrusted.ts';

type Item = InputItemLike;
type Part = NonNullable<Extract<NonNullable<Item['content']>, unknown[]>[number]>;

/**
 * `user: Write a haiku…`, `function_call: get_weather({"city":"Paris"})`, `[image]` for pictures.
 * The item comes from the server: any field may have any type, and none of them may break the line.
 */
export function itemLine(item: unknown, width: number): string {
  const it = (item && typeof item === 'object' ? item : {}) as Item;
  const label = short(it.role) ?? short(it.type) ?? 'item';
  // Everything in it came from the server: nothing may reach a terminal as a control sequence.
  return forTerminal(`${label}: ${preview(itemText(it), Math.max(10, width - label.length - 2))}`);
}

function itemText(item: Item): string {
  if (typeof item.content === 'string') return item.content;
  if (Array.isArray(item.content)) return item.content.map(partText).join(' ');
  if (item.type === 'function_call') return `${short(item.name) ?? '?'}(${typeof item.arguments === 'string' ? item.arguments : ''})`;
  if (item.output !== undefined) return typeof item.output === 'string' ? item.output : (JSON.stringify(item.output) ?? '');
  return `(${short(item.type) ?? 'unknown item'})`;
}

function partText(raw: unknown): string {
  const part = (raw && typeof raw === 'object' ? raw : {}) as Part;
  if (typeof part.text === 'string') return part.text;
  if (typeof part.refusal === 'string') return part.refusal;
  if (part.type === 'input_image') return '[image]';
  if (part.type === 'input_file') return `[file${typeof part.filename === 'string' && part.filename ? ` ${part.filename}` : ''}]`;
  return `[${short(part.type) ?? 'part'}]`;
}

/** A label from the server: a string of sensible length, else nothing. */
function short(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= 100 ? value : undefined;
}

/** One line, at most `width` characters: whitespace collapsed, an ellipsis where it was cut. */
export function preview(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}
