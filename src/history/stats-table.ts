// history --stats rows → an aligned table with a small bar per row (a terminal), or tab-separated lines.
import { forTerminal } from '../terminal/safe-text.ts';
import type { StatsBy, StatsRow } from './stats.ts';

const BAR_WIDTH = 16;

function seconds(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : `${(ms / 1000).toFixed(1)}s`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function money(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  return value < 0.01 && value > 0 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

function cells(row: StatsRow, withCost: boolean): string[] {
  const base = [forTerminal(row.key), count(row.requests), count(row.failures), count(row.input_tokens), count(row.output_tokens), seconds(row.median_ms), seconds(row.p95_ms)];
  return withCost ? [...base, money(row.cost_usd)] : base;
}

function headers(by: StatsBy, withCost: boolean): string[] {
  const base = [by.toUpperCase(), 'REQUESTS', 'FAILED', 'TOKENS IN', 'TOKENS OUT', 'MEDIAN', 'P95'];
  return withCost ? [...base, 'EST. COST'] : base;
}

/** For a terminal: the key left-aligned, numbers right-aligned, then a bar of the row's share of requests. */
export function statsTable(rows: readonly StatsRow[], total: StatsRow, by: StatsBy, withCost: boolean): string[] {
  const all = [headers(by, withCost), ...rows.map((row) => cells(row, withCost)), cells(total, withCost)];
  const widths = all[0]!.map((_, column) => Math.max(...all.map((line) => (line[column] ?? '').length)));
  const most = Math.max(1, ...rows.map((row) => row.requests));
  const line = (values: string[], bar: string) =>
    [...values.map((value, column) => (column === 0 ? value.padEnd(widths[column] ?? 0) : value.padStart(widths[column] ?? 0))), bar].join('  ').trimEnd();
  return [
    line(all[0]!, ''),
    ...rows.map((row, i) => line(all[i + 1]!, '█'.repeat(Math.max(1, Math.round((row.requests / most) * BAR_WIDTH))))),
    line(all.at(-1)!, ''),
  ];
}

/** For a pipe: tab-separated, plain numbers, a header line. */
export function statsTsv(rows: readonly StatsRow[], total: StatsRow, by: StatsBy, withCost: boolean): string[] {
  const plain = (row: StatsRow) => {
    const values = [forTerminal(row.key).replace(/\t/g, ' '), row.requests, row.failures, row.input_tokens, row.output_tokens, row.median_ms ?? '', row.p95_ms ?? ''];
    return [...values, ...(withCost ? [row.cost_usd ?? ''] : [])].join('\t');
  };
  const head = [by, 'requests', 'failures', 'input_tokens', 'output_tokens', 'median_ms', 'p95_ms', ...(withCost ? ['cost_usd'] : [])].join('\t');
  return [head, ...rows.map(plain), plain(total)];
}
