// tfy-llm history [-n N] [--json] | history search <words> | history --stats | history clear.
import { clearHistory, countEntries, type HistoryEntry } from '../../history/store.ts';
import { entriesBackwards, listEntries } from '../../history/read.ts';
import { historyTable } from '../../history/table.ts';
import { makeChalk } from '../../terminal/color.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { openHistory, type LocalHistory } from '../../history/local.ts';
import { matchesWords } from '../../history/search.ts';
import { parseSince } from '../../history/stats.ts';
import { UsageError } from '../../errors/errors.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { DEFAULT_LIMIT, spec } from './spec.ts';

export async function execute([action, given]: ArgsOf<typeof spec>, flags: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, flags);
  const words = given.filter((word) => word.trim() !== '');
  const since = checkArguments(action, words, opts, deps.now());
  const { stdout, stderr } = deps.io;
  const history = openHistory(opts, deps);
  if (action === 'clear') {
    if (opts.dryRun) {
      const count = await countEntries(history.path);
      stderr.write(`would clear ${count} ${count === 1 ? 'entry' : 'entries'} from the history (${history.path}); nothing was removed\n`);
      return 0;
    }
    const cleared = await clearHistory(history.path);
    stderr.write(cleared ? `cleared the history (${history.path})\n` : 'the history is already empty\n');
    return 0;
  }
  if (opts.stats) {
    const { printStats } = await import('../../history/print-stats.ts');
    return printStats(history, { since, by: opts.by ?? 'model' }, opts, deps);
  }

  // --profile narrows the list to one profile; without it, every profile's responses show.
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const entries = action === 'search' ? await searchEntries(history, words, limit, opts.profile) : await listEntries(history.path, limit, history.onCorrupt, opts.profile);
  if (!history.enabled) history.warn('recording is off (TFY_LLM_HISTORY=off or config set history off): new responses are not added');
  if (opts.json) {
    stdout.write(`${JSON.stringify(entries, null, stdout.isTTY ? 2 : undefined)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    stderr.write(action === 'search' ? 'no response in the history matches\n' : `no responses in the history yet (${history.path})\n`);
    return 0;
  }
  const rows = historyTable(entries, { header: stdout.isTTY === true, width: stdout.isTTY ? stdout.columns : undefined });
  if (stdout.isTTY) {
    const chalk = makeChalk(stdout, deps.io.env, opts.color === false);
    rows[0] = chalk.dim(rows[0] ?? '');
  }
  stdout.write(`${rows.join('\n')}\n`);
  return 0;
}

/** What the words after `history` ask for, checked with the flags; --since as a time. Every problem at once. */
function checkArguments(action: string | undefined, words: string[], opts: { stats?: boolean | undefined; since?: string | undefined; limit?: number | undefined }, now: number): number | undefined {
  const problems: string[] = [];
  if (action === 'clear' && words.length) problems.push('history clear takes no words');
  if (action === 'search' && words.length === 0) problems.push('history search needs words to look for, e.g. tfy-llm history search invoice');
  if (opts.stats && action !== undefined) problems.push(`--stats cannot be combined with history ${action}`);
  if (action === 'clear' && opts.limit !== undefined) problems.push('history clear takes no -n');
  const since = opts.since === undefined ? undefined : parseSince(opts.since, now);
  if (opts.since !== undefined && since === undefined) problems.push(`--since must be a span like 7d, 24h, 30m or a date like 2026-11-01 (got ${JSON.stringify(opts.since)})`);
  if (problems.length) throw new UsageError(problems.join('; '), { hint: 'see tfy-llm history --help' });
  return since;
}

async function searchEntries(history: LocalHistory, words: string[], limit: number, profile: string | undefined): Promise<HistoryEntry[]> {
  const found: HistoryEntry[] = [];
  if (limit <= 0) return found;
  for await (const entry of entriesBackwards(history.path, history.onCorrupt)) {
    if (profile !== undefined && entry.profile !== profile) continue;
    if (!matchesWords(entry, words)) continue;
    found.push(entry);
    if (found.length >= limit) break;
  }
  return found;
}
