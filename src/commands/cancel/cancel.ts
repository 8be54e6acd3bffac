// tfy-llm cancel <id|last>: stops a queued or in-progress background response.
import { forTerminal } from '../../terminal/safe-text.ts';
import { parseResponseBody } from '../../output/print.ts';
import { jsonDocument } from '../../output/render.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { openStoredTarget } from '../../history/stored-target.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

export async function execute([id]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const { client, guard, target, history } = await openStoredTarget(id, opts, deps);
  const http = await guard(client.responses.cancel(target.id, { signal: deps.signal }).asResponse());
  const raw = await guard(http.text());
  const response = parseResponseBody(raw);
  await history.noteStatus(target.entry, response.status);
  // Being cancelled is what was asked for: the answer is printed, not judged by its status (as retrieve would).
  if (opts.json) {
    deps.io.stdout.write(jsonDocument(raw, response, deps.io.stdout.isTTY === true));
    return 0;
  }
  // A cancelled response has no text to show: say what happened to it instead.
  deps.io.stdout.write(`${forTerminal(String(response.status ?? 'cancel requested for'))} ${forTerminal(String(response.id ?? target.id))}\n`);
  return 0;
}
