// history --stats: read every entry since a time, group, and print a table, tab-separated lines or JSON.
import { entriesBackwards } from './read.ts';
import type { HistoryEntry } from './store.ts';
import type { LocalHistory } from './local.ts';
import { computeStats, type PriceOf, type StatsBy } from './stats.ts';
import { statsTable, statsTsv } from './stats-table.ts';
import { makeChalk } from '../terminal/color.ts';
import { settingsFor } from '../http/connect.ts';
import type { CommandDeps } from '../spec/deps.ts';
import type { CommonOptions } from '../spec/common.ts';

/** Prices come from the model list cached by `tfy-llm models`; a week-old list still knows its prices. */
const PRICE_CACHE_MS = 7 * 24 * 3600 * 1000;

export async function printStats(history: LocalHistory, request: { since: number | undefined; by: StatsBy }, opts: CommonOptions, deps: CommandDeps): Promise<number> {
  const entries: HistoryEntry[] = [];
  for await (const entry of entriesBackwards(history.path, history.onCorrupt)) {
    if (opts.profile !== undefined && entry.profile !== opts.profile) continue;
    if (request.since !== undefined) {
      const time = Date.parse(entry.time);
      // Newest first: an entry before --since ends the read (clock changes aside, the file is in time order).
      if (!Number.isNaN(time) && time < request.since) break;
    }
    entries.push(entry);
  }
  const priceOf = await cachedPrices(opts, deps);
  const { rows, total } = computeStats(entries, request.by, priceOf);
  const withCost = priceOf !== undefined;
  const { stdout, stderr } = deps.io;
  if (opts.json) {
    const since = request.since === undefined ? null : new Date(request.since).toISOString();
    stdout.write(`${JSON.stringify({ since, by: request.by, rows, total }, null, stdout.isTTY ? 2 : undefined)}\n`);
    return 0;
  }
  if (total.requests === 0) {
    stderr.write('no responses in the history for that period\n');
    return 0;
  }
  if (!stdout.isTTY) {
    stdout.write(`${statsTsv(rows, total, request.by, withCost).join('\n')}\n`);
    return 0;
  }
  const chalk = makeChalk(stdout, deps.io.env, opts.color === false);
  const lines = statsTable(rows, total, request.by, withCost);
  lines[0] = chalk.dim(lines[0] ?? '');
  lines[lines.length - 1] = chalk.bold(lines.at(-1) ?? '');
  stdout.write(`${lines.join('\n')}\n`);
  if (withCost) stderr.write(chalk.dim('cost: estimated from the prices per million tokens the gateway lists (tfy-llm models)\n'));
  return 0;
}

/** A price look-up when the cached model list gives any prices at all; otherwise none (no cost column). */
async function cachedPrices(opts: CommonOptions, deps: CommandDeps): Promise<PriceOf | undefined> {
  try {
    const [{ cacheFor }, { readCache }, { fullId, priceOf }] = await Promise.all([import('../models/load.ts'), import('../models/cache.ts'), import('../models/list.ts')]);
    const cache = cacheFor(settingsFor(opts, deps), deps);
    if (!cache) return undefined;
    const list = await readCache(cache.path, cache.baseURL, deps.now(), PRICE_CACHE_MS);
    if (!list) return undefined;
    const prices = new Map<string, { input: number | undefined; output: number | undefined }>();
    for (const entry of list.data) {
      const input = priceOf(entry, 'input');
      const output = priceOf(entry, 'output');
      if (input !== undefined || output !== undefined) prices.set(fullId(entry), { input, output });
    }
    return prices.size ? (model) => prices.get(model) : undefined;
  } catch {
    return undefined;
  }
}
