// tfy-llm input-items <id|last>: every input item of a stored response, all pages, oldest first.
import { itemLine } from '../../output/item-lines.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { openStoredTarget } from '../../history/stored-target.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

// The API's largest page: fewest round trips.
const PAGE_SIZE = 100;
// A preview in a pipe; on a terminal the line fits the window.
const PIPE_WIDTH = 200;

export async function execute([id]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const { client, guard, target } = await openStoredTarget(id, opts, deps);
  // Oldest first, as the conversation happened; the SDK's cursor pages follow `after` until has_more is false.
  let page = await guard(client.responses.inputItems.list(target.id, { order: 'asc', limit: PAGE_SIZE }, { signal: deps.signal }));
  const items: unknown[] = [...page.data];
  while (page.hasNextPage()) {
    page = await guard(page.getNextPage());
    items.push(...page.data);
  }

  const { stdout } = deps.io;
  if (opts.json) {
    stdout.write(`${JSON.stringify(items, null, stdout.isTTY ? 2 : undefined)}\n`);
  } else {
    const width = stdout.isTTY ? (stdout.columns ?? 80) : PIPE_WIDTH;
    for (const item of items) stdout.write(`${itemLine(item, width)}\n`);
  }
  return 0;
}
