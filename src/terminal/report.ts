// How a failure is told on stderr: one `error:` line (the gateway's request id when there is one), a
// `hint:` line where a fix is known, the stack only with --verbose, and with --json one JSON line too.
// One place for it: main.ts for a failed command, delete for each failed id of several.
import { CliError, ExitCode, jsonErrorLine, oneLine } from '../errors/errors.ts';
import { makeChalk } from './color.ts';
import type { IO } from './io.ts';
import { forTerminal } from './safe-text.ts';
import { sourceMappedStack } from './stack.ts';

export interface ReportOptions {
  json: boolean;
  verbose: boolean;
  /** --no-color was given. */
  noColor: boolean;
  /** What failed, when a command does several things (e.g. one id of several): it leads the message. */
  subject?: string | undefined;
}

export function reportError(err: CliError, options: ReportOptions, io: Pick<IO, 'stderr' | 'env'>): void {
  const { stderr, env } = io;
  const chalk = makeChalk(stderr, env, options.noColor);
  const message = options.subject === undefined ? err.message : `${options.subject}: ${err.message}`;
  const requestId = err.requestId ? ` [request id: ${forTerminal(err.requestId)}]` : '';
  stderr.write(`${chalk.red('error:')} ${forTerminal(oneLine(message))}${requestId}\n`);
  if (err.hint) stderr.write(`${chalk.dim('hint:')} ${forTerminal(err.hint)}\n`);
  // An interruption is the user's own doing: no stack to show for it, even with --verbose.
  if (options.verbose && err.exitCode !== ExitCode.interrupted) {
    const detail = err.detail ?? (err.cause instanceof Error ? err.cause.stack : undefined);
    if (detail) stderr.write(`${chalk.dim(forTerminal(sourceMappedStack(detail)))}\n`);
  }
  if (options.json) stderr.write(jsonErrorLine(err, options.subject));
}
