// run(argv, deps) → exit code. The only place that turns errors into exit codes.
import { CommanderError, type Command } from 'commander';
import { CliError, ExitCode, oneLine, toCliError } from './core/errors.ts';
import { makeChalk } from './core/io.ts';
import { buildProgram, type CommandModule } from './program.ts';
import type { CommandDeps } from './commands/common.ts';

export async function run(argv: readonly string[], deps: CommandDeps): Promise<number> {
  let exitCode: number = ExitCode.ok;
  let options: Record<string, unknown> = {};
  const program = buildProgram(async (load, command: Command, args) => {
    options = command.opts();
    const module = (await load()) as CommandModule;
    exitCode = await module.execute(args, options, deps as never);
  });
  // Commander's own messages go to the injected streams, for subcommands too (they do not inherit it).
  const output = {
    writeOut: (text: string) => deps.io.stdout.write(text),
    writeErr: (text: string) => deps.io.stderr.write(text),
  };
  for (const command of [program, ...program.commands]) command.exitOverride().configureOutput(output);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err, argv, deps, program.commands.map((c) => c.name()));
    return report(toCliError(err), options, argv, deps);
  }
}

/** Commander already printed its message (help, version, or a usage error); --json adds the JSON line. */
function commanderExit(err: CommanderError, argv: readonly string[], deps: CommandDeps, commands: string[]): number {
  if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.ok;
  if (err.code === 'commander.help') return ExitCode.ok;
  const command = argv.find((arg) => commands.includes(arg));
  deps.io.stderr.write(`hint: see tfy-llm ${command ? `${command} ` : ''}--help\n`);
  if (argv.includes('--json')) {
    const message = err.message.replace(/^error:\s*/, '').split('\n')[0] ?? '';
    writeJsonError(new CliError(message, { type: 'usage_error', exitCode: ExitCode.usage }), deps);
  }
  return ExitCode.usage;
}

function report(err: CliError, options: Record<string, unknown>, argv: readonly string[], deps: CommandDeps): number {
  const { stderr, env } = deps.io;
  const chalk = makeChalk(stderr, env, options.color === false);
  const requestId = err.requestId ? ` [request id: ${err.requestId}]` : '';
  stderr.write(`${chalk.red('error:')} ${oneLine(err.message)}${requestId}\n`);
  if (err.hint) stderr.write(`${chalk.dim('hint:')} ${err.hint}\n`);
  if (options.verbose === true || argv.includes('--verbose') || argv.includes('-v')) {
    const detail = err.detail ?? (err.cause instanceof Error ? err.cause.stack : undefined);
    if (detail) stderr.write(`${chalk.dim(detail)}\n`);
  }
  if (options.json === true || argv.includes('--json')) writeJsonError(err, deps);
  return err.exitCode;
}

/** cli-spec: with --json, also one JSON line on stderr. */
function writeJsonError(err: CliError, deps: CommandDeps): void {
  const error = { message: oneLine(err.message), type: err.type, status: err.status ?? null, request_id: err.requestId ?? null, exit_code: err.exitCode };
  deps.io.stderr.write(`${JSON.stringify({ error })}\n`);
}
