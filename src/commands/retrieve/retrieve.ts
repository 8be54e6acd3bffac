// tfy-llm retrieve <id|last>: prints a stored response; --wait polls it to the end.
import { printResponse } from '../../output/print.ts';
import { fetchStored, isPending, waitForResponse } from '../../http/wait.ts';
import type { CommonOptions } from '../../spec/common.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { note, waitingNotice } from '../../terminal/notices.ts';
import { openStoredTarget } from '../../history/stored-target.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

export interface RetrieveOptions extends CommonOptions {
  wait?: boolean;
}

export async function execute([id]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const { client, guard, secrets, target, history, started } = await openStoredTarget(id, opts, deps);
  const poll = () => fetchStored(client, guard, target.id, deps.signal);
  let result = await poll();
  if (opts.wait && isPending(result.response)) {
    const deadline = { deadline: client.commandDeadline, timeoutMs: client.deadlineMs };
    result = await waitForResponse(result, poll, { signal: deps.signal, ...deadline, onWait: waitingNotice(target.id, opts, deps) });
  } else if (isPending(result.response) && !opts.json) {
    note(deps, `${target.id} is ${result.response.status ?? 'pending'}: no output yet (add --wait to wait for it)`);
  }
  await history.noteStatus(target.entry, result.response.status, isPending(result.response) ? undefined : { response: result.response, secrets });
  const meta = { raw: result.raw, resolvedModel: result.resolvedModel, requestId: result.requestId, elapsedMs: deps.now() - started, secrets };
  return printResponse(result.response, meta, opts, deps.io);
}
