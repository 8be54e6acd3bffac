// An error inside a chat: one `error:` line (and a `hint:`), like any other command's, and the session goes on.
import type { CliError } from '../errors/errors.ts';
import { toCliError } from '../http/failures.ts';
import { reportError } from '../terminal/report.ts';
import type { IO } from '../terminal/io.ts';

export function reportTurnError(err: unknown, io: IO, options: { noColor: boolean; verbose: boolean }): CliError {
  const error = toCliError(err);
  reportError(error, { json: false, verbose: options.verbose, noColor: options.noColor }, io);
  return error;
}
