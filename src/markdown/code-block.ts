// A code block: the code from the first column, exactly as written (controls removed), between
// two dim rules, the top one naming the language; highlighted when the highlighter is loaded and knows the
// language. Nothing is added to the code's own lines, so selecting them copies exactly the code; a line wider
// than the terminal is left to the terminal to wrap (which copies back as one line) rather than cut.
import type { Theme } from './theme.ts';
import { textWidth, type Wrapped } from './wrap.ts';
import { forTerminal } from '../terminal/safe-text.ts';

/** Code → styled lines, or undefined for a language it does not know. */
export type Highlight = (code: string, language: string) => string[] | undefined;

/** A terminal's tab stops: a tab in code is written as a tab, and takes the columns up to the next one. */
export const TAB_STOP = 8;

/** A line with its tabs as the spaces a terminal shows for them. */
export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(TAB_STOP - (textWidth(out) % TAB_STOP)) : char;
  return out;
}

/** The fence's language: its first word (`python title="x"` → python), only the characters a name has. */
export function fenceLanguage(info: string): string {
  return (/^[\w.+#-]{1,40}/.exec(info.trim())?.[0] ?? '').toLowerCase();
}

export function codeLines(text: string, info: string, width: number, theme: Theme, highlight: Highlight | undefined): Wrapped[] {
  const language = fenceLanguage(info);
  // Tabs stay tabs (a Makefile needs them): a terminal that keeps them in a copy gives them back.
  const code = forTerminal(text).replace(/\n$/, '').split('\n');
  const styled = (language && highlight?.(code.join('\n'), language)) || code;
  const ruleWidth = Math.max(8, width);
  const label = language ? `── ${language} ` : '';
  const top = label + '─'.repeat(Math.max(2, ruleWidth - textWidth(label)));
  const lines: Wrapped[] = [{ text: theme.codeRule(top), width: textWidth(top) }];
  code.forEach((line, i) => lines.push({ text: styled[i] ?? line, width: textWidth(expandTabs(line)), code: true }));
  lines.push({ text: theme.codeRule('─'.repeat(ruleWidth)), width: ruleWidth });
  return lines;
}
