// tfy-llm retrieve <id|last>: prints a stored response; --wait polls it to the end.
import { printResponse } from '../core/output.ts';
import { requireConnection } from '../core/settings.ts';
import { fetchStored, isPending, waitForResponse } from '../core/wait.ts';
import { connect, settingsFor, type CommandDeps, type CommonOptions } from './common.ts';
import { openHistory } from './local-history.ts';
import { note, waitingNotice } from './notices.ts';
import { resolveTargets, type Target } from './targets.ts';

export interface RetrieveOptions extends CommonOptions {
  wait?: boolean;
}

export async function execute(args: unknown[], opts: RetrieveOptions, deps: CommandDeps): Promise<number> {
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const history = openHistory(opts, deps);
  const [target] = (await resolveTargets([String(args[0] ?? '')], settings, history, connection.baseURL)) as [Target];

  const started = deps.now();
  const { client, guard } = await connect(connection, settings, target.provider, opts, deps);
  const poll = () => fetchStored(client, guard, target.id, deps.signal);
  let result = await poll();
  if (opts.wait && isPending(result.response)) {
    result = await waitForResponse(result, poll, { signal: deps.signal, onWait: waitingNotice(target.id, opts, deps) });
  } else if (isPending(result.response) && !opts.json) {
    note(deps, `${target.id} is ${result.response.status ?? 'pending'}: no output yet (add --wait to wait for it)`);
  }
  await history.noteStatus(target.entry, result.response.status);
  const meta = { raw: result.raw, resolvedModel: result.resolvedModel, elapsedMs: deps.now() - started };
  return printResponse(result.response, meta, opts, deps.io);
}
