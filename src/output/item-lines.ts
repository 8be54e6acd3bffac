// Input items → one readable line each: who or what, then a preview of the text. Pure functions.
import type { InputItemLike } from './untrusted.ts';
import { forTerminal } from '../terminal/safe-text.ts';

type Item = InputItemLike;
type Part = NonNullable<Extract<NonNullable<Item['content']>, unknown[]>[number]>;

/** `user: Write a haiku…`, `function_call: get_weather({"city":"Paris"})`, `[image]` for pictures. */
export function itemLine(item: unknown, width: number): string {
  const it = (item && typeof item === 'object' ? item : {}) as Item;
  // Stored text, roles and file names are the server's: nothing in them may drive the terminal.
  const label = forTerminal(String(it.role ?? it.type ?? 'item'));
  return `${label}: ${preview(forTerminal(itemText(it)), Math.max(10, width - label.length - 2))}`;
}

function itemText(item: Item): string {
  if (typeof item.content === 'string') return item.content;
  if (Array.isArray(item.content)) return item.content.map(partText).join(' ');
  if (item.type === 'function_call') return `${item.name ?? '?'}(${item.arguments ?? ''})`;
  if (item.output !== undefined) return typeof item.output === 'string' ? item.output : JSON.stringify(item.output);
  return `(${item.type ?? 'unknown item'})`;
}

function partText(part: Part): string {
  if (typeof part.text === 'string') return part.text;
  if (typeof part.refusal === 'string') return part.refusal;
  if (part.type === 'input_image') return '[image]';
  if (part.type === 'input_file') return `[file${part.filename ? ` ${part.filename}` : ''}]`;
  return `[${part.type ?? 'part'}]`;
}

/** One line, at most `width` characters: whitespace collapsed, an ellipsis where it was cut. */
export function preview(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}
