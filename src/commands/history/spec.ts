// tfy-llm history [clear]: its flags. It sends no request, so the request flags are refused.
import * as z from 'zod/mini';
import { common } from '../../spec/common.ts';
import { arg, defineCommand, parsedOption } from '../../spec/define.ts';
import { positiveWhole } from '../../spec/parsers.ts';

export const DEFAULT_LIMIT = 20;

export const spec = defineCommand({
  name: 'history',
  description: 'responses created from this machine, newest first',
  args: [arg('[action]', '"clear" empties the history', ['clear'])],
  options: {
    limit: parsedOption('-n, --limit <count>', 'how many to show (1 or more)', positiveWhole, z._default(z.number(), DEFAULT_LIMIT), { default: DEFAULT_LIMIT }),
    ...common('profile', 'dryRun', 'json', 'color'),
  },
  help: `
Examples:
  $ tfy-llm history
  $ tfy-llm history -n 5 --json | jq -r '.[].id'
  $ tfy-llm history --profile prod      # only what the prod profile created
  $ tfy-llm history clear --dry-run     # how many entries would go; nothing is removed
  $ tfy-llm history clear

Kept in history.jsonl beside the config file (private, 0600): id, time, profile, base URL, provider,
model, status and the first 80 characters of the prompt; never keys. TFY_LLM_HISTORY=off (or
tfy-llm config set history off) stops recording.`,
});
