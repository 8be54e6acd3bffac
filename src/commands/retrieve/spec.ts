// tfy-llm retrieve <id|last>: its flags.
import * as z from 'zod/mini';
import { ALL_COMMON, common } from '../../spec/common.ts';
import { arg, defineCommand, option } from '../../spec/define.ts';
import { ROUTING_HELP } from '../../spec/help.ts';

export const spec = defineCommand({
  name: 'retrieve',
  description: 'print a stored response',
  args: [arg('<id>', 'a response id (resp_…), or "last"')],
  options: {
    wait: option('--wait', 'if it is queued or in progress, poll until it ends', z.optional(z.boolean())),
    ...common(...ALL_COMMON),
  },
  help: `
Examples:
  $ id=$(tfy-llm create "hello" --json | jq -r .id) && tfy-llm retrieve "$id"
  $ tfy-llm retrieve last                  # the newest response of this profile
  $ tfy-llm retrieve last --json | jq -r .status
  $ tfy-llm create "a long report" --background && tfy-llm retrieve last --wait
${ROUTING_HELP}`,
});
