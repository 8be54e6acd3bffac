// tfy-llm cancel <id|last>: stops a queued or in-progress background response.
import { forTerminal } from '../../terminal/safe-text.ts';
import { requestIdIn } from '../../http/gateway-headers.ts';
import { parseResponseBody, printResponse } from '../../output/print.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { openStoredTarget } from '../../history/stored-target.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

export async function execute([id]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const { client, guard, secrets, target, history, started } = await openStoredTarget(id, opts, deps);
  const http = await guard(client.responses.cancel(target.id, { signal: deps.signal }).asResponse());
  const raw = await guard(http.text());
  const response = parseResponseBody(raw);
  await history.noteStatus(target.entry, response.status);
  if (opts.json) {
    return printResponse(response, { raw, resolvedModel: undefined, requestId: requestIdIn(http.headers), elapsedMs: deps.now() - started, secrets }, opts, deps.io);
  }
  // A cancelled response has no text to show: say what happened to it instead.
  deps.io.stdout.write(`${forTerminal(String(response.status ?? 'cancel requested for'))} ${forTerminal(String(response.id ?? target.id))}\n`);
  return 0;
}
