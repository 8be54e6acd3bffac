// Commander wiring: names, flags, help text and examples. No behaviour.
import { Argument, Command, Help, Option } from 'commander';
import { collect, collectKeyValue, decimalNumber, orderedCollector, positiveSeconds, wholeNumber } from './parsers.ts';
import { addStoredCommands } from './stored.ts';
import { addConfigCommands, addDoctorCommand } from './config.ts';

/** What a command file exports: positionals and options in, exit code out. */
export interface CommandModule {
  execute(args: unknown[], opts: Record<string, unknown>, deps: never): Promise<number>;
}

export type Invoke = (load: () => Promise<unknown>, command: Command, args: unknown[]) => Promise<void>;

/** A commander action (positionals…, options, command) that hands the command and its positionals to `invoke`. */
export function action(invoke: Invoke, load: () => Promise<unknown>): (...args: unknown[]) => Promise<void> {
  return (...args) => invoke(load, args.at(-1) as Command, args.slice(0, -2));
}

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** reasoning.effort values in the openai SDK and the OpenAPI description. */
const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/** One line of the top-level help, for a command that is not built (see buildProgram). */
export interface CommandLine {
  name: string;
  term: string;
  description: string;
}

/** Filled in by the build (scripts/build.ts) from the full program; absent when running from source. */
declare const __COMMAND_INDEX__: readonly CommandLine[] | undefined;
const COMMAND_INDEX = typeof __COMMAND_INDEX__ === 'undefined' ? undefined : new Map(__COMMAND_INDEX__.map((line) => [line.name, line]));

/**
 * With `argv`, only the command it names is built in full: defining every command and its flags is
 * most of start-up, and a run uses one. The others are stubs that show in the top-level help with
 * the lines the build recorded from the full program. Without `argv` (or from source), all is built.
 */
export function buildProgram(invoke: Invoke, argv?: readonly string[]): Command {
  const wanted = argv === undefined || COMMAND_INDEX === undefined ? undefined : commandNamed(argv);
  const program = new Command('tfy-llm')
    .description('Talk to the Responses API of a TrueFoundry AI Gateway (or any OpenAI-compatible gateway).')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .addHelpText('after', `
Getting started:
  $ tfy-llm demo                 # try it now: a local demo gateway, no account or key needed
  $ tfy-llm config init          # connect your gateway: URL, API key, provider, model (asks on a terminal)
  $ tfy-llm create "hello"       # ask; on a terminal the answer streams in
  $ tfy-llm doctor               # something off? checks the config, the key, the gateway and the routing

Examples:
  $ tfy-llm create "describe this" -i shot.png
  $ git diff | tfy-llm create "review this"
  $ tfy-llm create "hi" -m my-openai/gpt-4o --json | jq -r '.output[0].content[0].text'
  $ tfy-llm create "and in French?" --continue
  $ tfy-llm history -n 5

Settings come from flags, then TFY_LLM_BASE_URL / TFY_HOST, TFY_API_KEY, TFY_LLM_PROVIDER, TFY_LLM_MODEL,
then the active profile (or -p <name>, TFY_LLM_PROFILE). HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.
Every command has its own examples: tfy-llm <command> --help.`);

  if (COMMAND_INDEX !== undefined) {
    const index = COMMAND_INDEX;
    program.configureHelp({
      subcommandTerm(this: Help, command: Command) {
        return stubs.has(command) ? (index.get(command.name())?.term ?? command.name()) : Help.prototype.subcommandTerm.call(this, command);
      },
    });
  }
  for (const group of GROUPS) {
    if (wanted === undefined || group.names.includes(wanted)) group.add(program, invoke);
    else for (const name of group.names) program.addCommand(stubCommand(name));
  }
  return program;
}

const stubs = new WeakSet<Command>();

function stubCommand(name: string): Command {
  const stub = new Command(name).description(COMMAND_INDEX?.get(name)?.description ?? '');
  stubs.add(stub);
  return stub;
}

/** The command a command line runs: its first word (`help <name>` asks for <name>); root flags take no values. */
function commandNamed(argv: readonly string[]): string {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  return (words[0] === 'help' ? words[1] : words[0]) ?? '';
}

/** The top-level commands in help order, in the groups their definitions come in. */
const GROUPS: readonly { names: readonly string[]; add: (program: Command, invoke: Invoke) => void }[] = [
  { names: ['create'], add: addCreateCommand },
  { names: ['retrieve', 'delete', 'cancel', 'input-items', 'history'], add: (program, invoke) => addStoredCommands(program, invoke, withCommonOptions) },
  { names: ['demo'], add: addDemoCommand },
  { names: ['completion'], add: addCompletionCommand },
  { names: ['config'], add: addConfigCommands },
  { names: ['doctor'], add: addDoctorCommand },
];

function addCreateCommand(program: Command, invoke: Invoke): void {
  // -i and -f share one counter so attachments keep their command-line order.
  const attachments = orderedCollector();
  withCommonOptions(
    program
      .command('create')
      .description('create a response from a prompt')
      .argument('[prompt...]', 'the prompt; with stdin piped in, these words follow it; "-" reads stdin only')
      .option('-m, --model <id>', 'model, e.g. my-openai/gpt-4o (default from the profile or TFY_LLM_MODEL)')
      .option('-s, --instructions <text>', 'system/developer instructions (alias: --system)')
      .addOption(new Option('--system <text>').hideHelp().conflicts('instructions'))
      .addOption(new Option('-i, --image <path|url>', 'attach an image: a PNG, JPEG, WebP or GIF file, or an http(s)/data: URL (repeatable)').argParser(attachments))
      .addOption(new Option('--image-detail <level>', 'detail for every attached image (default: auto)').choices(['low', 'high', 'auto']))
      .addOption(new Option('-f, --file <path|url>', 'attach a PDF file or URL as input_file (repeatable)').argParser(attachments))
      .option('--input-json <file|->', 'the whole input array as JSON, from a file or "-" for stdin (advanced)')
      .addOption(new Option('-t, --temperature <0..2>', 'sampling temperature').argParser(decimalNumber))
      .addOption(new Option('--top-p <0..1>', 'nucleus sampling').argParser(decimalNumber))
      .addOption(new Option('--max-output-tokens <n>', 'upper limit on output tokens, reasoning included (at least 16)').argParser(decimalNumber))
      .addOption(new Option('--reasoning-effort <level>', 'reasoning.effort').choices(REASONING_EFFORTS))
      .option('--no-store', 'do not store the response (store: false)')
      .addOption(new Option('--metadata <key=value>', 'metadata on the response (repeatable; 16 keys, key ≤ 64, value ≤ 512 chars)').argParser(collectKeyValue))
      .option('--schema <file|json>', 'structured output: a JSON Schema (file or inline JSON) for text.format, strict')
      .option('--schema-name <name>', 'name of the --schema format (default: the file name, else "output")')
      .option('--background', 'run in the background: prints the id and status; see --wait')
      .option('--wait', 'with --background: poll until the response ends, then print it')
      .option('--previous <id>', 'follow up on a stored response (previous_response_id); "last" is this profile\'s newest')
      .option('-c, --continue', 'follow up on the last response created with this profile (--previous last)')
      .addOption(new Option('--param <key=json>', 'any other body field, as JSON (repeatable), e.g. --param \'service_tier="flex"\'').argParser(collectKeyValue))
      .option('--stream', 'print tokens as they arrive (default on a terminal, unless --json); with --json: one event per line')
      .option('--no-stream', 'wait for the whole response')
      .option('--text', 'print the plain text (no Markdown rendering) even on a terminal'),
  )
    .addHelpText('after', `
Examples:
  $ tfy-llm create "Write a haiku about gateways"
  $ tfy-llm create "hello" -m my-openai/gpt-4o        # provider/model: the provider names the gateway's route
  $ tfy-llm create "describe this" -i shot.png
  $ tfy-llm create "which is sharper?" -i shot.png -i https://example.com/b.png --image-detail high
  $ tfy-llm create "list the deadlines" -f contract.pdf -s "answer in three bullets"
  $ git diff | tfy-llm create "review this"
  $ cat notes.md | tfy-llm create "summarise this" -t 0.2 --max-output-tokens 400
  $ tfy-llm create "hi" --json | jq -r '.output[0].content[0].text'
  $ tfy-llm create "extract the people" -f contract.pdf --schema person.schema.json --json | jq -r '.output[0].content[0].text'
  $ tfy-llm create "and in French?" --continue
  $ tfy-llm create "write a long essay" --background --wait
  $ tfy-llm create "check the body first" -i shot.png --dry-run
  $ tfy-llm create "tell a story" --stream --json | jq -rj 'select(.type == "response.output_text.delta") | .delta'

Without words, a prompt piped on stdin is the whole prompt; with words, the input is stdin, a blank line, then the words.
Local files are checked before anything is sent (images by their bytes: PNG, JPEG, WebP, GIF; documents: PDF),
each at most 20 MB. --dry-run prints the request instead of sending it (long data: URLs shortened; not with --json).`)
    .action(action(invoke, () => import('../commands/create.ts')));
}

function addDemoCommand(program: Command, invoke: Invoke): void {
  program
    .command('demo')
    .description('try tfy-llm against a local demo gateway: no gateway or key needed')
    .option('--serve', 'keep the demo gateway running on 127.0.0.1 until Ctrl-C, to try any command against it')
    .option('--port <port>', 'port for --serve (default 4321)')
    .addHelpText('after', `
Examples:
  $ tfy-llm demo                          # runs two real commands against it, then stops it
  $ tfy-llm demo --serve --port 4321      # keeps it up; in another shell:
  $ export TFY_LLM_BASE_URL=http://127.0.0.1:4321/api/llm TFY_API_KEY=tfy-demo-key
  $ tfy-llm create "hello" -m demo-openai/gpt-4o`)
    .action(action(invoke, () => import('../commands/demo.ts')));
}

function addCompletionCommand(program: Command, invoke: Invoke): void {
  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('[shell]', 'the shell to complete for').choices(['bash', 'zsh', 'fish']))
    .addOption(new Option('--list-profiles', 'profile names, for the completion scripts').hideHelp())
    .addHelpText('after', `
Examples:
  $ source <(tfy-llm completion bash)          # this shell only
  $ mkdir -p ~/.local/share/bash-completion/completions && tfy-llm completion bash > ~/.local/share/bash-completion/completions/tfy-llm
  $ mkdir -p ~/.zfunc && tfy-llm completion zsh > ~/.zfunc/_tfy-llm    # ~/.zshrc: fpath+=~/.zfunc before compinit
  $ mkdir -p ~/.config/fish/completions && tfy-llm completion fish > ~/.config/fish/completions/tfy-llm.fish

Completes commands, flags, their choices, files after -i/-f, and profile names (read from the config each time).`)
    .action(action(invoke, () => import('../commands/completion.ts')));
}

/** The flags every command accepts (cli-spec: Commands). */
export function withCommonOptions(command: Command): Command {
  return command
    .option('-p, --profile <name>', 'use this profile instead of the active one')
    .option('--base-url <url>', "the gateway's OpenAI-compatible root URL")
    .option('--provider <name>', 'provider for the x-tfy-provider-name header')
    .addOption(new Option('-H, --header <"Name: value">', 'extra request header (repeatable)').argParser(collect))
    .addOption(new Option('--tfy-metadata <key=value>', "gateway metadata, sent as the x-tfy-metadata JSON header (repeatable; values ≤ 128 chars)").argParser(collectKeyValue))
    .option('--dry-run', 'print the HTTP request that would be sent (key redacted) and send nothing')
    .option('--json', "print the API's own JSON")
    .option('--no-color', 'no colours')
    .addOption(new Option('--timeout <seconds>', 'give up after this long, retries included; for a stream, the longest wait for the next event (default 180)').argParser(positiveSeconds))
    .addOption(new Option('--max-retries <n>', 'retries on 429, 5xx and connection errors, honouring Retry-After (default 2)').argParser(wholeNumber))
    .option('-v, --verbose', 'each request and answer on stderr (keys masked), and the stack of a failure');
}
