// tfy-llm input-items <id|last>: every input item of a stored response, all pages, oldest first.
import { itemLine } from '../../output/item-lines.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { openStoredTarget } from '../../history/stored-target.ts';
import { allItems } from '../../http/pages.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

// A preview in a pipe; on a terminal the line fits the window.
const PIPE_WIDTH = 200;

export async function execute([id]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const { client, guard, target } = await openStoredTarget(id, opts, deps);
  // Oldest first, as the conversation happened; each page after the last item of the one before.
  const list = async (after: string | undefined, limit: number) => {
    const query = { order: 'asc' as const, limit, ...(after === undefined ? {} : { after }) };
    return await guard(client.responses.inputItems.list(target.id, query, { signal: deps.signal }));
  };
  const items = await allItems(list, opts.limit);

  const { stdout } = deps.io;
  if (opts.json) {
    stdout.write(`${JSON.stringify(items, null, stdout.isTTY ? 2 : undefined)}\n`);
  } else {
    const width = stdout.isTTY ? (stdout.columns ?? 80) : PIPE_WIDTH;
    for (const item of items) stdout.write(`${itemLine(item, width)}\n`);
  }
  return 0;
}
