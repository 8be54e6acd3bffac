// tfy-llm delete <id|last...>: one request per id, going on past failures; the worst one sets the exit code.
import { forTerminal } from '../../terminal/safe-text.ts';
import { PROVIDER_HEADER } from '../../http/client.ts';
import { CliError, ExitCode } from '../../errors/errors.ts';
import { toCliError } from '../../http/failures.ts';
import { reportError } from '../../terminal/report.ts';
import { dryRunOf } from '../../http/dry-run.ts';
import { requireConnection } from '../../config/settings.ts';
import { connect, settingsFor } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { openHistory } from '../../history/local.ts';
import { resolveTargets } from '../../history/targets.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

export async function execute([ids]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const history = openHistory(opts, deps);
  const targets = await resolveTargets(ids, settings, history, connection.baseURL);

  // Each id may live with a different provider, so the header goes on each request, not the client.
  const { client, guard } = await connect(connection, settings, undefined, opts, deps);
  const bodies: unknown[] = [];
  const failures: CliError[] = [];
  let dryRun = false;
  for (const target of targets) {
    try {
      const request = client.responses.delete(target.id, { signal: deps.signal, headers: { [PROVIDER_HEADER]: target.provider } });
      const http = await guard(request.asResponse());
      const answer = deletedBody(await guard(http.text()), target.id);
      bodies.push(answer);
      // A 2xx that does not say it deleted is not a deletion: no "deleted" line, no history mark.
      const refused = notDeleted(answer, target.id);
      if (refused) throw refused;
      if (!opts.json) deps.io.stdout.write(`deleted ${forTerminal(target.id)}\n`);
      await history.noteStatus(target.entry, 'deleted');
    } catch (err) {
      // --dry-run stops each request once built: print it, and go on to the next id.
      const stop = dryRunOf(err);
      if (stop) {
        deps.io.stdout.write(deps.io.stdout.isTTY ? forTerminal(stop.output) : stop.output);
        dryRun = true;
        continue;
      }
      const failure = toCliError(err);
      // Ctrl-C stops them all; any other failure is this id's alone.
      if (failure.exitCode === ExitCode.interrupted || targets.length === 1) throw failure;
      // The lines a failed command gets, naming the id, so the loop can go on.
      reportError(failure, { json: opts.json === true, verbose: opts.verbose === true, noColor: opts.color === false, subject: target.id }, deps.io);
      failures.push(failure);
    }
  }
  // A dry run printed its requests; there are no answers to sum up.
  if (dryRun) return ExitCode.ok;
  if (opts.json) {
    const document = targets.length === 1 ? bodies[0] : bodies;
    deps.io.stdout.write(`${JSON.stringify(document, null, deps.io.stdout.isTTY ? 2 : undefined)}\n`);
  }
  return failures.reduce((worst, failure) => Math.max(worst, failure.exitCode), ExitCode.ok as number);
}

/** The gateway's own body, or the OpenAI-style confirmation when it sends none (or not JSON). */
export function deletedBody(raw: string, id: string): unknown {
  if (raw.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object') return parsed;
    } catch {
      // fall through to the standard confirmation
    }
  }
  return { id, object: 'response', deleted: true };
}

/**
 * Why the gateway's answer is not a confirmation: `deleted` present and not true, or another id.
 * (A 2xx without `deleted`, or with no JSON body, is taken as done, as before.)
 */
export function notDeleted(answer: unknown, id: string): CliError | undefined {
  const fields = answer as { deleted?: unknown; id?: unknown };
  if (fields.deleted !== undefined && fields.deleted !== true) {
    const said = (JSON.stringify(fields.deleted) ?? String(fields.deleted)).slice(0, 40);
    return new CliError(`the gateway did not delete ${id}: it answered "deleted": ${said}`, { type: 'not_deleted', hint: 'it may still be stored: try again, or retrieve it to see' });
  }
  if (typeof fields.id === 'string' && fields.id !== id) {
    return new CliError(`the gateway answered for another id (${forTerminal(fields.id.slice(0, 60))}), not ${id}: nothing is known to be deleted`, { type: 'not_deleted', hint: 'check that the base URL points at the gateway that stored it' });
  }
  return undefined;
}
