// tfy-llm input-items <id|last>: its flags.
import * as z from 'zod/mini';
import { MAX_INPUT_ITEMS } from '../../http/pages.ts';
import { ALL_COMMON, common } from '../../spec/common.ts';
import { arg, defineCommand, parsedOption } from '../../spec/define.ts';
import { positiveWhole } from '../../spec/parsers.ts';
import { ROUTING_HELP } from '../../spec/help.ts';

export const spec = defineCommand({
  name: 'input-items',
  description: 'list the input items of a stored response (all pages, oldest first)',
  args: [arg('<id>', 'a response id (resp_…), or "last"')],
  options: {
    limit: parsedOption('-n, --limit <count>', `take the first n (the oldest); without it, all of them (more than ${MAX_INPUT_ITEMS} is an error)`, positiveWhole, z.optional(z.number())),
    ...common(...ALL_COMMON),
  },
  help: `
Examples:
  $ tfy-llm input-items last
  $ tfy-llm input-items last --json | jq -r '.[].content[0].text'
  $ tfy-llm input-items last -n 1          # just the first
${ROUTING_HELP}`,
});
