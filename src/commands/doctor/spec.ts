// tfy-llm doctor: its flags. Its checks send requests (one of them a model call), so --dry-run is refused.
import * as z from 'zod/mini';
import { commonExcept } from '../../spec/common.ts';
import { defineCommand, option } from '../../spec/define.ts';

export const spec = defineCommand({
  name: 'doctor',
  description: 'check the config file, the profile, the key, and the gateway; one line each with a fix',
  args: [],
  options: {
    model: option('-m, --model <id>', 'model for the routing test (default from the profile)', z.optional(z.string())),
    ...commonExcept('dryRun'),
  },
  help: `
Checks: config file readable and private, profile complete, key present, gateway reachable (and how fast),
key accepted, provider routing (a minimal request, not stored). Exit 0 only when all pass.

Examples:
  $ tfy-llm doctor
  $ tfy-llm doctor -p prod --json | jq '.checks[] | select(.status != "ok")'`,
});
