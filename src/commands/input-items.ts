// tfy-llm input-items <id|last>: every input item of a stored response, all pages, oldest first.
import { requireConnection } from '../core/settings.ts';
import { itemLine } from '../core/item-lines.ts';
import { connect, settingsFor, type CommandDeps, type CommonOptions } from './common.ts';
import { openHistory } from './local-history.ts';
import { resolveTargets, type Target } from './targets.ts';

// The API's largest page: fewest round trips.
const PAGE_SIZE = 100;
// A preview in a pipe; on a terminal the line fits the window.
const PIPE_WIDTH = 200;

export async function execute(args: unknown[], opts: CommonOptions, deps: CommandDeps): Promise<number> {
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const history = openHistory(opts, deps);
  const [target] = (await resolveTargets([String(args[0] ?? '')], settings, history, connection.baseURL)) as [Target];

  const { client, guard } = await connect(connection, settings, target.provider, opts, deps);
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
