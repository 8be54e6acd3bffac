// tfy-llm models [filter] [--provider p] [--refresh]: its flags.
import * as z from 'zod/mini';
import { common } from '../../spec/common.ts';
import { arg, defineCommand, option } from '../../spec/define.ts';

export const spec = defineCommand({
  name: 'models',
  description: 'the models the gateway lists, by provider account',
  args: [arg('[filter]', 'only models whose provider/model contains this text (any case)')],
  options: {
    // GET /models is not routed: --provider filters the list instead of setting the routing header.
    provider: option(
      '--provider <name>',
      "only this provider account's models",
      z.optional(z.string().check(z.refine((s) => /^[^\s/]+$/.test(s), { error: '--provider is one word without "/"' }))),
    ),
    refresh: option('--refresh', 'ask the gateway now instead of using the list cached in the last few minutes', z.optional(z.boolean())),
    ...common('profile', 'baseUrl', 'header', 'tfyMetadata', 'dryRun', 'json', 'color', 'timeout', 'maxRetries', 'verbose'),
  },
  help: `
Examples:
  $ tfy-llm models                         # grouped by provider account on a terminal
  $ tfy-llm models gpt --provider my-openai
  $ tfy-llm models | head -3               # in a pipe: one provider/model a line
  $ tfy-llm models --json | jq -r '.data[].id'
  $ tfy-llm models --refresh

The list is cached per profile for 10 minutes (shell completion of -m reads it); --refresh asks the
gateway again. Prices per million tokens are shown when the gateway lists them.`,
});
