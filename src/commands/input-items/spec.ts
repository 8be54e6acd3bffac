// tfy-llm input-items <id|last>: its flags.
import { ALL_COMMON, common } from '../../spec/common.ts';
import { arg, defineCommand } from '../../spec/define.ts';
import { ROUTING_HELP } from '../../spec/help.ts';

export const spec = defineCommand({
  name: 'input-items',
  description: 'list the input items of a stored response (all pages, oldest first)',
  args: [arg('<id>', 'a response id (resp_…), or "last"')],
  options: common(...ALL_COMMON),
  help: `
Examples:
  $ tfy-llm input-items last
  $ tfy-llm input-items last --json | jq -r '.[].content[0].text'
${ROUTING_HELP}`,
});
