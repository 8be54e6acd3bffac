// history --stats: requests, failures, tokens and latency per model, day, profile or provider. Pure.
import type { HistoryEntry } from './store.ts';

export type StatsBy = 'model' | 'day' | 'profile' | 'provider';

/** USD per million tokens for a `provider/model`, when the gateway's model list gave them. */
export type PriceOf = (model: string) => { input?: number | undefined; output?: number | undefined } | undefined;

export interface StatsRow {
  key: string;
  requests: number;
  failures: number;
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cached_tokens: number;
  /** Over the entries that recorded a duration; null when none did (lines from before it was kept). */
  median_ms: number | null;
  p95_ms: number | null;
  /** Only when every response of the row with tokens has a known price; never estimated otherwise. */
  cost_usd?: number | null;
}

/** Statuses that mean the request gave nothing usable (an incomplete answer is an answer, cut short). */
const FAILED = new Set(['failed', 'cancelled']);

export function keyOf(entry: HistoryEntry, by: StatsBy): string {
  switch (by) {
    case 'day':
      return entry.time.slice(0, 10);
    case 'profile':
      return entry.profile ?? '-';
    case 'provider':
      return entry.provider ?? '-';
    case 'model':
      return entry.requested_model ?? entry.model;
  }
}

/** The value at a fraction of the sorted list (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] ?? null;
}

interface Accumulator {
  row: StatsRow;
  durations: number[];
  cost: number;
  priced: boolean;
}

export function computeStats(entries: Iterable<HistoryEntry>, by: StatsBy, priceOf?: PriceOf): { rows: StatsRow[]; total: StatsRow } {
  const groups = new Map<string, Accumulator>();
  const total = accumulator('total');
  for (const entry of entries) {
    const key = keyOf(entry, by);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = accumulator(key)));
    for (const acc of [group, total]) add(acc, entry, priceOf);
  }
  const rows = [...groups.values()].map((acc) => finish(acc, priceOf !== undefined));
  rows.sort((a, b) => (by === 'day' ? a.key.localeCompare(b.key) : b.requests - a.requests || a.key.localeCompare(b.key)));
  return { rows, total: finish(total, priceOf !== undefined) };
}

function accumulator(key: string): Accumulator {
  return {
    row: { key, requests: 0, failures: 0, input_tokens: 0, output_tokens: 0, reasoning_tokens: 0, cached_tokens: 0, median_ms: null, p95_ms: null },
    durations: [],
    cost: 0,
    priced: true,
  };
}

function add(acc: Accumulator, entry: HistoryEntry, priceOf: PriceOf | undefined): void {
  const { row } = acc;
  row.requests += 1;
  if (FAILED.has(entry.status)) row.failures += 1;
  if (entry.duration_ms !== undefined) acc.durations.push(entry.duration_ms);
  const usage = entry.usage;
  if (!usage) return;
  row.input_tokens += usage.input;
  row.output_tokens += usage.output;
  row.reasoning_tokens += usage.reasoning ?? 0;
  row.cached_tokens += usage.cached ?? 0;
  const price = priceOf?.(entry.requested_model ?? entry.model);
  if (price?.input === undefined || price.output === undefined) acc.priced = false;
  else acc.cost += (usage.input * price.input + usage.output * price.output) / 1_000_000;
}

function finish(acc: Accumulator, withCost: boolean): StatsRow {
  const sorted = acc.durations.sort((a, b) => a - b);
  const row = { ...acc.row, median_ms: percentile(sorted, 0.5), p95_ms: percentile(sorted, 0.95) };
  return withCost ? { ...row, cost_usd: acc.priced ? Math.round(acc.cost * 1e6) / 1e6 : null } : row;
}

/** `7d`, `24h`, `30m` before now, or a date (`2026-11-01`, local midnight) or full ISO time. */
export function parseSince(value: string, now: number): number | undefined {
  const relative = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[relative[2]!.toLowerCase() as 'm' | 'h' | 'd' | 'w'];
    return now - Number(relative[1]) * unit;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    const [y, m, d] = value.trim().split('-').map(Number) as [number, number, number];
    const date = new Date(y, m - 1, d);
    return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? date.getTime() : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value.trim())) {
    const time = Date.parse(value.trim());
    return Number.isNaN(time) ? undefined : time;
  }
  return undefined;
}
