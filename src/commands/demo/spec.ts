// tfy-llm demo: its flags.
import * as z from 'zod/mini';
import { defineCommand, option } from '../../spec/define.ts';

export const spec = defineCommand({
  name: 'demo',
  description: 'try tfy-llm against a local demo gateway: no gateway or key needed',
  args: [],
  options: {
    serve: option('--serve', 'keep the demo gateway running on 127.0.0.1 until Ctrl-C, to try any command against it', z.optional(z.boolean())),
    port: option('--port <port>', 'port for --serve (default 4321)', z.optional(z.string())),
  },
  help: `
Examples:
  $ tfy-llm demo                          # runs two real commands against it, then stops it
  $ tfy-llm demo --serve --port 4321      # keeps it up; in another shell:
  $ export TFY_LLM_BASE_URL=http://127.0.0.1:4321/api/llm TFY_API_KEY=tfy-demo-key
  $ tfy-llm create "hello" -m demo-openai/gpt-4o`,
});
