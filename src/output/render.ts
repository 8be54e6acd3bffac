// Response → strings for stdout and stderr. Pure functions: no I/O.
import { forTerminal } from '../terminal/safe-text.ts';
import type { ChalkInstance } from 'chalk';
import type { ResponseLike } from './untrusted.ts';

export type { ResponseLike } from './untrusted.ts';

/** The assistant's text: every output_text part of every message, in order. */
export function outputText(response: ResponseLike): string {
  const texts: string[] = [];
  for (const item of response.output ?? []) {
    if (item?.type !== 'message') continue;
    for (const part of item.content ?? []) {
      if (part?.type === 'output_text' && typeof part.text === 'string') texts.push(part.text);
    }
  }
  return texts.join('');
}

/** Text for a pipe: the output alone and exactly one newline. */
export function plainText(response: ResponseLike): string {
  const text = outputText(response);
  return text.endsWith('\n') ? text : `${text}\n`;
}

export interface FooterFacts {
  /** The gateway's x-tfy-resolved-model header, when it sent one. */
  resolvedModel?: string | undefined;
  elapsedMs: number;
}

/** The dim line after a terminal answer: id · model · tokens · time. */
export function footer(response: ResponseLike, facts: FooterFacts, chalk: ChalkInstance): string {
  const parts = [forTerminal(String(response.id ?? '(no id)')), forTerminal(String(facts.resolvedModel ?? response.model ?? '(unknown model)'))];
  const usage = response.usage;
  if (usage) parts.push(`${usage.input_tokens ?? 0} in / ${usage.output_tokens ?? 0} out`);
  parts.push(`${(facts.elapsedMs / 1000).toFixed(1)}s`);
  return `${chalk.dim(parts.join(' · '))}\n`;
}

/** The API's own JSON, unchanged: the raw body in a pipe, indented on a terminal. */
export function jsonDocument(raw: string, parsed: unknown, pretty: boolean): string {
  if (!pretty) return `${raw.trim()}\n`;
  // `parsed` may be the checked subset the renderers read (untrusted.ts): indent what the gateway sent.
  let whole: unknown = parsed;
  try {
    whole = JSON.parse(raw);
  } catch {
    // not JSON after all: the parsed form is all there is
  }
  return `${JSON.stringify(whole, null, 2)}\n`;
}
