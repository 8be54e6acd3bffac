// Commander wiring: names, flags, help text and examples. No behaviour.
import { Command, Option } from 'commander';
import { collect, positiveSeconds, wholeNumber } from './parsers.ts';

/** What a command file exports: positionals and options in, exit code out. */
export interface CommandModule {
  execute(args: unknown[], opts: Record<string, unknown>, deps: never): Promise<number>;
}

export type Invoke = (load: () => Promise<unknown>, command: Command, args: unknown[]) => Promise<void>;

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export function buildProgram(invoke: Invoke): Command {
  const program = new Command('tfy-llm')
    .description('Talk to the Responses API of a TrueFoundry AI Gateway (or any OpenAI-compatible gateway).')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .addHelpText('after', `
Examples:
  $ tfy-llm create "Write a haiku about gateways" --model my-openai/gpt-4o
  $ git diff | tfy-llm create "review this" --json | jq -r '.output[0].content[0].text'

Settings come from flags, then TFY_LLM_BASE_URL / TFY_HOST, TFY_API_KEY, TFY_LLM_PROVIDER, TFY_LLM_MODEL.`);

  withCommonOptions(
    program
      .command('create')
      .description('create a response from a prompt')
      .argument('[prompt...]', 'the prompt; with stdin piped in, these words follow it; "-" reads stdin only')
      .option('-m, --model <id>', 'model, e.g. my-openai/gpt-4o (default from the profile or TFY_LLM_MODEL)')
      .option('--stream', 'print tokens as they arrive (default on a terminal, unless --json); with --json: one event per line')
      .option('--no-stream', 'wait for the whole response')
      .option('--text', 'print the plain text (no Markdown rendering) even on a terminal'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm create "hello world" --model my-openai/gpt-4o
  $ cat notes.md | tfy-llm create "summarise this" -m my-openai/gpt-4o
  $ tfy-llm create "hi" -m my-openai/gpt-4o --json | jq -r .id
  $ tfy-llm create "tell a story" -m my-openai/gpt-4o --stream --json | jq -c 'select(.type == "response.output_text.delta")'`)
    .action((...args: unknown[]) => invoke(() => import('./commands/create.ts'), args.at(-1) as Command, args.slice(0, -2)));

  return program;
}

/** The flags every command accepts (cli-spec: Commands). */
export function withCommonOptions(command: Command): Command {
  return command
    .option('-p, --profile <name>', 'use this profile instead of the active one')
    .option('--base-url <url>', "the gateway's OpenAI-compatible root URL")
    .option('--provider <name>', 'provider for the x-tfy-provider-name header')
    .addOption(new Option('-H, --header <"Name: value">', 'extra request header (repeatable)').argParser(collect))
    .option('--json', "print the API's own JSON")
    .option('--no-color', 'no colours')
    .addOption(new Option('--timeout <seconds>', 'give up on the request after this long').argParser(positiveSeconds))
    .addOption(new Option('--max-retries <n>', 'retries on 429, 5xx and connection errors').argParser(wholeNumber))
    .option('-v, --verbose', 'request and response summaries on stderr (keys redacted)');
}
