// Commander wiring, built from the commands' specs (commands/*/spec.ts). No behaviour: the checks
// that a flag is one the command honours, and then what the flags mean, run before execute() in main.
import { Argument, Command, Help, Option } from 'commander';
import type { CommonKey } from '../spec/common.ts';
import type { CommandSpec, OptionSpec } from '../spec/define.ts';
import { readCommandLine } from './argv.ts';
import { COMMANDS, type Entry } from './registry.ts';

/** Runs a command: its entry, the commander command holding the parsed options, its positional values. */
export type Invoke = (entry: Entry, command: Command, args: unknown[]) => Promise<void>;

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

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
 * With `argv`, only the command it names is built in full (its spec loaded): defining every command
 * and its flags is most of start-up, and a run uses one. The others are stubs that show in the
 * top-level help with the lines the build recorded from the full program. Without `argv` (or from
 * source), all is built.
 */
export async function buildProgram(invoke: Invoke, argv?: readonly string[]): Promise<Command> {
  const wanted = argv === undefined || COMMAND_INDEX === undefined ? undefined : readCommandLine(argv).command;
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
  const built = COMMANDS.filter((registered) => wanted === undefined || registered.name === wanted);
  // Only the specs of what is built are loaded (and with them the flags' schemas and zod).
  const loaded = new Map(await Promise.all(built.map(async (registered) => [registered.name, await registered.load()] as const)));
  const { COMMON } = loaded.size > 0 ? await import('../spec/common.ts') : { COMMON: undefined };
  for (const registered of COMMANDS) {
    const entries = loaded.get(registered.name);
    if (entries === undefined || COMMON === undefined) {
      program.addCommand(stubCommand(registered.name));
      continue;
    }
    const [first, ...subcommands] = entries;
    if (first === undefined) continue;
    if (subcommands.length === 0) {
      program.addCommand(leafCommand(first, invoke, COMMON));
      continue;
    }
    const group = commandFrom(first.spec);
    // Bare `<group>` runs the group's own entry; `<group> <typo>` stays an error rather than an argument.
    group.allowExcessArguments(true).action((...args: unknown[]) => {
      const command = args.at(-1) as Command;
      // Commander's own report, with its suggestion (`config lst` → list); it is not in commander's typings.
      if (command.args[0] !== undefined) (command as unknown as { unknownCommand(): never }).unknownCommand();
      return invoke(first, command, []);
    });
    for (const sub of subcommands) group.addCommand(leafCommand(sub, invoke, COMMON));
    program.addCommand(group);
  }
  return program;
}

const stubs = new WeakSet<Command>();

function stubCommand(name: string): Command {
  const stub = new Command(name).description(COMMAND_INDEX?.get(name)?.description ?? '');
  stubs.add(stub);
  return stub;
}

/** The commander command of a spec: name, aliases, arguments, flags and help; no action. */
function commandFrom(spec: CommandSpec): Command {
  const command = new Command(spec.name.split(' ').at(-1)).description(spec.description);
  for (const alias of spec.aliases ?? []) command.alias(alias);
  for (const arg of spec.args) {
    const argument = new Argument(arg.name, arg.description);
    if (arg.choices) argument.choices(arg.choices);
    command.addArgument(argument);
  }
  for (const option of Object.values(spec.options)) {
    command.addOption(optionFrom(option));
    if (option.negation !== undefined) command.addOption(new Option(option.flags.replace(/^(?:-\w, )?--/, '--no-'), option.negation));
  }
  if (spec.help) command.addHelpText('after', spec.help);
  return command;
}

function optionFrom(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.parse) option.argParser(spec.parse);
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default);
  if (spec.hidden) option.hideHelp();
  if (spec.conflicts) option.conflicts(spec.conflicts);
  if (spec.required) option.makeOptionMandatory();
  return option;
}

/**
 * A command that runs. A common flag its spec does not list is still known to commander (hidden), so
 * that giving it is refused in words: a flag that would do nothing is never silently ignored. The one
 * exception is --no-color, which every command honours (most by printing no colour at all), so
 * scripts can pass it to any command.
 */
function leafCommand(entry: Entry, invoke: Invoke, common: Readonly<Record<CommonKey, OptionSpec>>): Command {
  const command = commandFrom(entry.spec);
  if (!('color' in entry.spec.options)) command.addOption(optionFrom(common.color));
  const refused = (Object.keys(common) as CommonKey[]).filter((key) => key !== 'color' && !(key in entry.spec.options));
  for (const key of refused) command.addOption(new Option(common[key].flags).hideHelp());
  return command.action(async (...args: unknown[]) => {
    const parsed = args.at(-1) as Command;
    const given = refused.find((key) => parsed.getOptionValueSource(key) === 'cli');
    if (given !== undefined) throw new RefusedFlag(entry.spec.name, common[given].flags);
    await invoke(entry, parsed, args.slice(0, -2));
  });
}

/** A common flag given to a command that would ignore it. */
export class RefusedFlag extends Error {
  readonly command: string;
  readonly flag: string;

  constructor(command: string, flags: string) {
    const flag = /--[\w-]+/.exec(flags)?.[0] ?? flags;
    super(`tfy-llm ${command} does not take ${flag}`);
    this.name = 'RefusedFlag';
    this.command = command;
    this.flag = flag;
  }
}
