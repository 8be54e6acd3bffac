// A table that fits the width: columns at their natural width when they fit; otherwise narrowed in proportion,
// never below their widest word, with cells wrapped (and a rule between rows, so wrapped rows stay apart);
// when even that cannot fit, each row becomes a record of `header: value` lines. Alignment is honoured.
import { inlineRuns, list, str, type TokenLike } from './inline.ts';
import type { Theme } from './theme.ts';
import { measureRuns, wrapRuns, type Run, type Wrapped } from './wrap.ts';

type Align = 'left' | 'right' | 'center';

interface Cell {
  runs: Run[];
  align: Align;
}

const SEPARATOR = ' │ ';

function cells(row: unknown, theme: Theme, header: boolean): Cell[] {
  return list(row).map((cell) => {
    const runs = inlineRuns(cell['tokens'], theme, header ? theme.tableHeader : undefined);
    const align = str(cell['align']);
    return { runs: runs.length > 0 ? runs : [{ text: str(cell['text']), style: (t) => t }], align: align === 'right' || align === 'center' ? align : 'left' };
  });
}

function pad(line: Wrapped, width: number, align: Align): string {
  const room = Math.max(0, width - line.width);
  if (align === 'right') return ' '.repeat(room) + line.text;
  if (align === 'center') return ' '.repeat(Math.floor(room / 2)) + line.text + ' '.repeat(room - Math.floor(room / 2));
  return line.text + ' '.repeat(room);
}

/** Column widths for `available` columns of text, or undefined when the columns cannot fit. */
function columnWidths(rows: Cell[][], count: number, available: number): number[] | undefined {
  const natural = new Array<number>(count).fill(1);
  const minimum = new Array<number>(count).fill(1);
  for (const row of rows) {
    row.forEach((cell, i) => {
      const m = measureRuns(cell.runs);
      natural[i] = Math.max(natural[i]!, m.natural);
      minimum[i] = Math.max(minimum[i]!, m.minimum);
    });
  }
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= available) return natural;
  const least = minimum.reduce((a, b) => a + b, 0);
  if (least > available) return undefined;
  // What is left after every column's minimum goes to the columns that want more, in proportion.
  const want = natural.map((n, i) => n - minimum[i]!);
  const wanted = want.reduce((a, b) => a + b, 0);
  const spare = available - least;
  const widths = minimum.map((m, i) => m + Math.floor((spare * want[i]!) / Math.max(1, wanted)));
  let left = available - widths.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % count) {
    if (widths[i]! < natural[i]!) {
      widths[i]! += 1;
      left -= 1;
    } else if (widths.every((w, j) => w >= natural[j]!)) break;
  }
  return widths;
}

export function tableLines(token: TokenLike, width: number, theme: Theme): Wrapped[] {
  const header = cells(token['header'], theme, true);
  const body = Array.isArray(token['rows']) ? (token['rows'] as unknown[]).map((row) => cells(row, theme, false)) : [];
  const count = Math.max(header.length, ...body.map((row) => row.length));
  if (count === 0) return [];
  const aligns: unknown[] = Array.isArray(token['align']) ? (token['align'] as unknown[]) : [];
  const align = (i: number): Align => {
    const a = aligns[i] ?? header[i]?.align;
    return a === 'right' || a === 'center' ? a : 'left';
  };
  const rows = [header, ...body];
  const widths = columnWidths(rows, count, width - SEPARATOR.length * (count - 1));
  if (!widths) return records(header, body, width, theme);
  const border = (text: string): string => theme.tableBorder(text);
  const rule = border(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  const ruleWidth = widths.reduce((a, b) => a + b, 0) + SEPARATOR.length * (count - 1);
  const wrapped = rows.map((row) => widths.map((w, i) => wrapRuns(row[i]?.runs ?? [], w)));
  const wraps = wrapped.slice(1).some((row) => row.some((cell) => cell.length > 1));
  const lines: Wrapped[] = [];
  wrapped.forEach((row, r) => {
    if (r === 1 || (r > 1 && wraps)) lines.push({ text: rule, width: ruleWidth });
    const height = Math.max(...row.map((cell) => cell.length));
    for (let l = 0; l < height; l++) {
      const parts = widths.map((w, i) => pad(row[i]![l] ?? { text: '', width: 0 }, w, align(i)));
      lines.push({ text: parts.join(border(SEPARATOR)).trimEnd(), width: ruleWidth });
    }
  });
  return lines;
}

/** Each row as `header: value` lines, a blank line between rows: for tables too wide for any narrowing. */
function records(header: Cell[], body: Cell[][], width: number, theme: Theme): Wrapped[] {
  const lines: Wrapped[] = [];
  body.forEach((row, r) => {
    if (r > 0) lines.push({ text: '', width: 0 });
    row.forEach((cell, i) => {
      const label = header[i]?.runs ?? [];
      const runs: Run[] = [...label, { text: ': ', style: theme.tableHeader }, ...cell.runs];
      lines.push(...wrapRuns(runs, width));
    });
  });
  return lines;
}
