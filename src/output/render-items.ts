// How the parts of a response that are not plain text look on a terminal: reasoning summaries,
// refusals and tool calls, each marked so a reader never mistakes them for the answer. Pure functions.
import type { ChalkInstance } from 'chalk';
import { forTerminal } from '../terminal/safe-text.ts';
import type { OutputItemLike } from './untrusted.ts';

/** An output item as the renderer reads it; unknown item types still show as what they are. */
export type ItemLike = OutputItemLike;

export function reasoningLabel(chalk: ChalkInstance): string {
  return chalk.dim.italic('reasoning:');
}

export function refusalLabel(chalk: ChalkInstance): string {
  return chalk.red.bold('refused:');
}

/** One line for a function call (or any other tool call): what was called, with what. */
export function toolCallLine(item: ItemLike, chalk: ChalkInstance): string {
  const isFunction = item.type === 'function_call' || item.type === 'custom_tool_call';
  const label = chalk.cyan(isFunction ? 'function call:' : 'tool call:');
  let what = item.name ?? '';
  if (isFunction) what += `(${item.arguments ?? item.input ?? ''})`;
  else what = [item.type ?? 'unknown', item.server_label, item.name].filter(Boolean).join(' ');
  const facts = [item.call_id, isFunction || !item.status ? undefined : item.status].filter(Boolean);
  const tail = facts.length > 0 ? ` ${chalk.dim(`[${forTerminal(facts.join(', '))}]`)}` : '';
  return `${label} ${forTerminal(what)}${tail}\n`;
}

/**
 * A finished response for reading: each item in order, a blank line between them,
 * Markdown rendered by `markdown`. Ends with exactly one newline (or is empty).
 */
export function terminalDocument(output: readonly unknown[], chalk: ChalkInstance, markdown: (text: string) => string): string {
  const sections: string[] = [];
  for (const item of output as ItemLike[]) {
    if (item?.type === 'reasoning') {
      const text = (item.summary ?? []).map((part) => part.text ?? '').filter(Boolean).join('\n\n');
      if (text) sections.push(`${reasoningLabel(chalk)} ${chalk.dim(forTerminal(text))}\n`);
    } else if (item?.type === 'message') {
      for (const part of item.content ?? []) {
        const text = part.type === 'output_text' && part.text ? endLine(markdown(part.text)) : '';
        if (text) sections.push(text);
        if (part.type === 'refusal') sections.push(`${refusalLabel(chalk)} ${forTerminal(part.refusal ?? '')}\n`);
      }
    } else if (item && typeof item.type === 'string') {
      sections.push(toolCallLine(item, chalk));
    }
  }
  return sections.join('\n');
}

function endLine(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed === '' ? '' : `${trimmed}\n`;
}

/** In a pipe, stdout holds only the answer's text; refusals and tool calls are told on stderr. */
export function pipeNotes(output: readonly unknown[], chalk: ChalkInstance): string {
  let notes = '';
  for (const item of output as ItemLike[]) {
    if (item?.type === 'message') {
      for (const part of item.content ?? []) {
        if (part.type === 'refusal') notes += `${refusalLabel(chalk)} ${forTerminal(part.refusal ?? '')}\n`;
      }
    } else if (item && typeof item.type === 'string' && item.type !== 'reasoning') {
      notes += toolCallLine(item, chalk);
    }
  }
  return notes;
}
