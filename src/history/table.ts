// History entries → aligned columns for people. Pure functions.
import type { HistoryEntry } from './store.ts';
import { preview } from '../output/item-lines.ts';
import { forTerminal } from '../terminal/safe-text.ts';

const HEADERS = ['ID', 'TIME', 'PROFILE', 'PROVIDER', 'MODEL', 'STATUS', 'TOKENS', 'PROMPT'] as const;

/** `in/out` tokens, or `-` for a line recorded without them. */
export function tokensCell(entry: HistoryEntry): string {
  return entry.usage ? `${entry.usage.input}/${entry.usage.output}` : '-';
}

/** Local time to the minute: enough to tell runs apart, short enough for a row. */
export function localTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/**
 * One row per entry, columns padded to their widest cell; ids always whole. The prompt comes last
 * and is cut to the terminal's width when one is given.
 */
export function historyTable(entries: readonly HistoryEntry[], options: { header: boolean; width?: number | undefined }): string[] {
  // Every stored string came from outside (a prompt, a server's id or model name): made safe first.
  const rows = entries.map((e) => [e.id, localTime(e.time), e.profile ?? '-', e.provider ?? '-', e.model, e.status, tokensCell(e), e.prompt].map(oneLineSafe));
  const all = options.header ? [[...HEADERS], ...rows] : rows;
  const widths = HEADERS.slice(0, -1).map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const fixed = widths.reduce((sum, width) => sum + width + 2, 0);
  return all.map((row) => {
    const cells = widths.map((width, column) => (row[column] ?? '').padEnd(width));
    const prompt = row.at(-1) ?? '';
    const room = options.width === undefined ? prompt.length : Math.max(10, options.width - fixed);
    return [...cells, preview(prompt, room)].join('  ').trimEnd();
  });
}

function oneLineSafe(text: string): string {
  return forTerminal(text).replace(/[\t\n]+/g, ' ');
}
