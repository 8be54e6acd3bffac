// tfy-llm history [search <words>|clear] [--stats]: its flags. It sends no request, so the request flags are refused.
import * as z from 'zod/mini';
import { common } from '../../spec/common.ts';
import { arg, choiceOption, defineCommand, option, parsedOption } from '../../spec/define.ts';
import { positiveWhole } from '../../spec/parsers.ts';

export const DEFAULT_LIMIT = 20;
export const STATS_BY = ['model', 'day', 'profile', 'provider'] as const;

export const spec = defineCommand({
  name: 'history',
  description: 'responses created from this machine, newest first',
  args: [
    arg('[action]', '"search" lists the responses holding every word; "clear" empties the history', ['search', 'clear']),
    arg('[words...]', 'with search: the words to look for (any case) in the prompt, the answer, the model, the id'),
  ],
  options: {
    // No default here: -n with --stats (which counts every entry) is refused, so "not given" must show.
    limit: parsedOption('-n, --limit <count>', `how many to show (1 or more; default ${DEFAULT_LIMIT})`, positiveWhole, z.optional(z.number())),
    stats: option('--stats', 'requests, failures, tokens and latency (median, p95) per model (see --by); a cost column when the gateway lists prices', z.optional(z.boolean())),
    since: option('--since <when>', 'with --stats: only since a span ago (7d, 24h, 30m) or a date (2026-11-01)', z.optional(z.string())),
    by: choiceOption('--by <what>', 'with --stats: group by (default model)', STATS_BY, z.optional(z.enum(STATS_BY))),
    ...common('profile', 'dryRun', 'json', 'color'),
  },
  refine(options, report) {
    if (!options.stats && options.since !== undefined) report({ message: '--since goes with --stats' });
    if (!options.stats && options.by !== undefined) report({ message: '--by goes with --stats' });
    if (options.stats && options.limit !== undefined) report({ message: '--stats counts every entry: drop -n (use --since to narrow it)' });
  },
  help: `
Examples:
  $ tfy-llm history
  $ tfy-llm history -n 5 --json | jq -r '.[].id'
  $ tfy-llm history --profile prod      # only what the prod profile created
  $ tfy-llm history search haiku        # every word, in the prompt or the first line of the answer
  $ tfy-llm history --stats --since 7d
  $ tfy-llm history --stats --by day --json | jq '.total.output_tokens'
  $ tfy-llm history clear --dry-run     # how many entries would go; nothing is removed
  $ tfy-llm history clear

Kept in history.jsonl beside the config file (private, 0600): id, time, profile, base URL, provider,
requested and resolved model, status, tokens (in, out, reasoning, cached), duration, and the first
80 characters of the prompt and of the answer; never keys. TFY_LLM_HISTORY=off (or
tfy-llm config set history off) stops recording.`,
});
