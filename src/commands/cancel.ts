// tfy-llm cancel <id|last>: stops a queued or in-progress background response.
import { parseResponseBody, printResponse } from '../core/output.ts';
import { requireConnection } from '../core/settings.ts';
import { connect, settingsFor, type CommandDeps, type CommonOptions } from './common.ts';
import { openHistory } from './local-history.ts';
import { resolveTargets, type Target } from './targets.ts';

export async function execute(args: unknown[], opts: CommonOptions, deps: CommandDeps): Promise<number> {
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const history = openHistory(opts, deps);
  const [target] = (await resolveTargets([String(args[0] ?? '')], settings, history, connection.baseURL)) as [Target];

  const started = deps.now();
  const { client, guard } = await connect(connection, settings, target.provider, opts, deps);
  const http = await guard(client.responses.cancel(target.id, { signal: deps.signal }).asResponse());
  const raw = await guard(http.text());
  const response = parseResponseBody(raw);
  await history.noteStatus(target.entry, response.status);
  if (opts.json) {
    return printResponse(response, { raw, resolvedModel: undefined, elapsedMs: deps.now() - started }, opts, deps.io);
  }
  // A cancelled response has no text to show: say what happened to it instead.
  deps.io.stdout.write(`${response.status ?? 'cancel requested for'} ${response.id ?? target.id}\n`);
  return 0;
}
