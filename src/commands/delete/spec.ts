// tfy-llm delete <id|last...>: its flags.
import { ALL_COMMON, common } from '../../spec/common.ts';
import { arg, defineCommand } from '../../spec/define.ts';
import { ROUTING_HELP } from '../../spec/help.ts';

export const spec = defineCommand({
  name: 'delete',
  description: 'delete stored responses (one request per id; goes on past failures)',
  args: [arg('<ids...>', 'response ids, or "last"')],
  options: common(...ALL_COMMON),
  help: `
Examples:
  $ tfy-llm delete last
  $ tfy-llm delete last --json             # the gateway's answer (a JSON array for several ids)
  $ tfy-llm history --json | jq -r '.[] | select(.status != "deleted") | .id' | xargs tfy-llm delete   # all of them

Exit code: 0 when every id was deleted, else the highest exit code among the failures (5: not found).
${ROUTING_HELP}`,
});
