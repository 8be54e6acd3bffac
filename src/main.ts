// run(argv, deps) → exit code. The only place that turns errors into exit codes.
import { CommanderError, type Command } from 'commander';
import { dryRunOf } from './core/dry-run.ts';
import { CliError, ExitCode, toCliError } from './core/errors.ts';
import { makeChalk } from './core/io.ts';
import { ProfileStore } from './core/profiles.ts';
import { buildProgram, type CommandModule } from './program.ts';
import type { CommandDeps } from './commands/common.ts';

export async function run(argv: readonly string[], given: CommandDeps): Promise<number> {
  // The store reads its file only when a command first asks for a setting.
  const deps: CommandDeps = { ...given, profiles: given.profiles ?? ProfileStore.forEnv(given.io.env) };
  let exitCode: number = ExitCode.ok;
  let options: Record<string, unknown> = {};
  const program = buildProgram(async (load, command: Command, args) => {
    options = command.opts();
    const module = (await load()) as CommandModule;
    exitCode = await module.execute(args, options, deps as never);
  });
  // Subcommands copy these settings when created, so apply them to every command, not just the root.
  const output = { writeOut: (text: string) => deps.io.stdout.write(text), writeErr: (text: string) => deps.io.stderr.write(text) };
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput(output);
    for (const sub of command.commands) configure(sub);
  };
  configure(program);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err);
    // --dry-run stops the request once it is built: printing it is the command's success.
    const dryRun = dryRunOf(err);
    if (dryRun) {
      deps.io.stdout.write(dryRun.output);
      return ExitCode.ok;
    }
    return report(toCliError(err), options, argv, deps);
  }
}

/** Commander already printed its message (help, version, or a usage error). */
function commanderExit(err: CommanderError): number {
  if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.ok;
  if (err.code === 'commander.help') return ExitCode.ok;
  return ExitCode.usage;
}

function report(err: CliError, options: Record<string, unknown>, argv: readonly string[], deps: CommandDeps): number {
  const { stderr, env } = deps.io;
  const chalk = makeChalk(stderr, env, options.color === false);
  const requestId = err.requestId ? ` [request id: ${err.requestId}]` : '';
  stderr.write(`${chalk.red('error:')} ${err.message}${requestId}\n`);
  if (err.hint) stderr.write(`${chalk.dim('hint:')} ${err.hint}\n`);
  if (options.verbose === true && err.cause instanceof Error && err.cause.stack) stderr.write(`${err.cause.stack}\n`);
  if (options.json === true || argv.includes('--json')) {
    const error = { message: err.message, type: err.type, status: err.status ?? null, request_id: err.requestId ?? null, exit_code: err.exitCode };
    stderr.write(`${JSON.stringify({ error })}\n`);
  }
  return err.exitCode;
}
