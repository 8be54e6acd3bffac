// run(argv, deps) → exit code. The only place that turns errors into exit codes.
import { CommanderError, type Command } from 'commander';
import { dryRunOf } from './http/dry-run.ts';
import { CliError, ExitCode, jsonErrorLine, oneLine, UsageError } from './errors/errors.ts';
import { toCliError } from './http/failures.ts';
import { colorLevel, OutputClosed, type IO, type OutStream } from './terminal/io.ts';
import { scrubbedOutput, Secrets } from './terminal/secrets.ts';
import { forTerminal } from './terminal/safe-text.ts';
import { ProfileStore } from './config/profiles.ts';
import { expandHelp, readCommandLine } from './program/argv.ts';
import { buildProgram, RefusedFlag } from './program/program.ts';
import type { CommandSpec } from './completion/model.ts';
import type { CommandDeps } from './spec/deps.ts';

export async function run(given: readonly string[], givenDeps: CommandDeps): Promise<number> {
  const argv = expandHelp(given);
  // The store reads its file only when a command first asks for a setting.
  // One set of secrets for the run; both outputs are scrubbed against it, whatever writes to them.
  const secrets = givenDeps.secrets ?? new Secrets();
  const io = scrubbedIO(givenDeps.io, secrets);
  const deps: CommandDeps = {
    ...givenDeps,
    argv: givenDeps.argv ?? given,
    io,
    secrets,
    profiles: givenDeps.profiles ?? ProfileStore.forEnv(givenDeps.io.env, (line) => io.stderr.write(`${line}\n`)),
    runCli: givenDeps.runCli ?? run,
    describeCommands: givenDeps.describeCommands ?? describeCommands,
  };
  let exitCode: number = ExitCode.ok;
  let options: Record<string, unknown> = {};
  const program = await buildProgram(async (entry, command: Command, args) => {
    options = command.opts();
    exitCode = await entry.run(args, options, deps);
  }, argv);
  // Subcommands copy these settings when created, so apply them to every command, not just the root.
  const output = {
    writeOut: (text: string) => deps.io.stdout.write(text),
    writeErr: (text: string) => deps.io.stderr.write(text),
    // One `error:` line; commander's "(Did you mean …?)" becomes the hint (see commanderExit).
    outputError: (text: string, write: (text: string) => void) => write(text.replace(SUGGESTION, '')),
    // Commander would ask process.stdout and process.stderr (building both streams) for these.
    getOutHelpWidth: () => helpWidth(deps.io.stdout),
    getErrHelpWidth: () => helpWidth(deps.io.stderr),
    getOutHasColors: () => colorLevel(deps.io.stdout, deps.io.env) > 0,
    getErrHasColors: () => colorLevel(deps.io.stderr, deps.io.env) > 0,
  };
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput(output);
    for (const sub of command.commands) configure(sub);
  };
  configure(program);

  let code: number;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    code = exitCode;
  } catch (err) {
    code = await failed(err, program, options, argv, deps);
  }
  // Output that could not be written (a full disk; not a reader that went away) is a failure: a
  // script must not take a cut-off file for the answer. (Node's stream reports a failed write on the
  // next tick, hence the wait.)
  if (code !== ExitCode.ok) return code;
  await new Promise((resolve) => setImmediate(resolve));
  const failure = deps.io.stdout.failure;
  if (failure === undefined) return code;
  return await report(new CliError(`could not write the output: ${oneLine(failure.message).replace(/, write$/, '')}`, { type: 'output_error' }), options, argv, deps);
}

/** The exit code of a run that threw, after saying why where there is something to say. */
async function failed(err: unknown, program: Command, options: Record<string, unknown>, argv: readonly string[], deps: CommandDeps): Promise<number> {
  if (err instanceof CommanderError) return commanderExit(err, argv, deps, commandPath(program, argv));
  if (err instanceof RefusedFlag) {
    return await report(new UsageError(err.message, { hint: `it would do nothing there; see tfy-llm ${err.command} --help` }), options, argv, deps);
  }
  // Stopped because stdout closed, not by Ctrl-C: quiet when the reader went away (`| head -1`); a
  // failed write is reported by run().
  if (deps.signal?.aborted === true && deps.signal.reason instanceof OutputClosed) return ExitCode.ok;
  // --dry-run stops the request once it is built: printing it is the command's success.
  const dryRun = dryRunOf(err);
  if (dryRun) {
    // The body quotes files and stdin: on a terminal, nothing in them may drive it.
    deps.io.stdout.write(deps.io.stdout.isTTY ? forTerminal(dryRun.output) : dryRun.output);
    return ExitCode.ok;
  }
  return await report(toCliError(err), options, argv, deps);
}

/** The streams are made on first use (entry.ts), so they are wrapped on first use too. */
function scrubbedIO(io: IO, secrets: Secrets): IO {
  let stdout: OutStream | undefined;
  let stderr: OutStream | undefined;
  return {
    get stdout() {
      return (stdout ??= scrubbedOutput(io.stdout, secrets));
    },
    get stderr() {
      return (stderr ??= scrubbedOutput(io.stderr, secrets));
    },
    get stdin() {
      return io.stdin;
    },
    env: io.env,
  };
}

function helpWidth(stream: OutStream): number {
  // Commander types it as a number but treats undefined as "not a terminal", as its own default does.
  return (stream.isTTY ? stream.columns : undefined) as number;
}

/** How commander suggests a near name for a mistyped command or option. */
const SUGGESTION = /\n\(Did you mean (.+)\?\)/;

/** Commander already printed its message (help, version, or a usage error); --json adds the JSON line. */
function commanderExit(err: CommanderError, argv: readonly string[], deps: CommandDeps, path: string[]): number {
  if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.ok;
  if (err.code === 'commander.help') return ExitCode.ok;
  const help = `see ${['tfy-llm', ...path, '--help'].join(' ')}`;
  const suggestion = SUGGESTION.exec(err.message)?.[1];
  if (suggestion) deps.io.stderr.write(`hint: did you mean ${suggestion}? (${help})\n`);
  else if (!err.message.includes('--help')) deps.io.stderr.write(`hint: ${help}\n`);
  if (readCommandLine(argv).json) {
    const message = err.message.replace(/^error:\s*/, '').split('\n')[0] ?? '';
    deps.io.stderr.write(jsonErrorLine(new CliError(message, { type: 'usage_error', exitCode: ExitCode.usage })));
  }
  return ExitCode.usage;
}

/** The (sub)command the words name, e.g. ["config", "add"], for the help hint. */
function commandPath(program: Command, argv: readonly string[]): string[] {
  const path: string[] = [];
  let command = program;
  for (const word of readCommandLine(argv).words) {
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    path.push(sub.name());
    command = sub;
  }
  return path;
}

async function report(err: CliError, options: Record<string, unknown>, argv: readonly string[], deps: CommandDeps): Promise<number> {
  // chalk is loaded here, on the error path, not at start-up.
  const { reportError } = await import('./terminal/report.ts');
  const line = readCommandLine(argv);
  reportError(err, { json: options.json === true || line.json, verbose: options.verbose === true || line.verbose, noColor: options.color === false }, deps.io);
  return err.exitCode;
}

/** The whole program, described for the completion scripts. */
async function describeCommands(): Promise<CommandSpec[]> {
  const { describeCommands: describe } = await import('./completion/model.ts');
  return describe(await buildProgram(async () => {}));
}
