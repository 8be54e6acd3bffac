// tfy-llm cancel <id|last>: its flags.
import { ALL_COMMON, common } from '../../spec/common.ts';
import { arg, defineCommand } from '../../spec/define.ts';
import { ROUTING_HELP } from '../../spec/help.ts';

export const spec = defineCommand({
  name: 'cancel',
  description: 'cancel a queued or in-progress background response',
  args: [arg('<id>', 'a response id (resp_…), or "last"')],
  options: common(...ALL_COMMON),
  help: `
Examples:
  $ tfy-llm create "write a long essay" --background     # prints: resp_… queued
  $ tfy-llm cancel last
${ROUTING_HELP}`,
});
