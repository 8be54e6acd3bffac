// tfy-llm models [filter] [--provider p] [--json] [--refresh]: the models the gateway lists.
import { forTerminal } from '../../terminal/safe-text.ts';
import { makeChalk } from '../../terminal/color.ts';
import { settingsFor } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { loadModels } from '../../models/load.ts';
import { filterModels, fullId, groupByProvider, priceOf, type ModelEntry } from '../../models/list.ts';
import { spec } from './spec.ts';

export async function execute([filter]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const { provider, refresh, ...opts } = checkOptions(spec, given);
  const word = filter?.trim() || undefined;
  const loaded = await loadModels(settingsFor(opts, deps), opts, deps, { refresh: refresh === true });
  if (!loaded) return 0;
  const list = filterModels(loaded.list, word, provider);
  const { stdout, stderr } = deps.io;
  if (opts.json) {
    // The API's own object; unfiltered and just fetched into a pipe, byte for byte what the gateway sent.
    const whole = word === undefined && provider === undefined && loaded.raw !== undefined && !stdout.isTTY;
    stdout.write(`${whole ? (loaded.raw ?? '').trim() : JSON.stringify(list, null, stdout.isTTY ? 2 : undefined)}\n`);
    return 0;
  }
  if (list.data.length === 0) {
    stderr.write(loaded.list.data.length === 0 ? 'the gateway lists no models\n' : 'no listed model matches\n');
    return 0;
  }
  if (!stdout.isTTY) {
    stdout.write(`${list.data.map((entry) => forTerminal(fullId(entry)).replace(/\s+/g, ' ')).join('\n')}\n`);
    return 0;
  }
  const chalk = makeChalk(stdout, deps.io.env, opts.color === false);
  const lines: string[] = [];
  for (const [account, entries] of groupByProvider(list.data)) {
    lines.push(`${chalk.bold(forTerminal(account))} ${chalk.dim(`(${entries.length})`)}`);
    const width = Math.max(...entries.map((entry) => fullId(entry).length));
    for (const entry of entries) {
      const price = priceText(entry);
      lines.push(`  ${forTerminal(price ? fullId(entry).padEnd(width) : fullId(entry))}${price ? chalk.dim(price) : ''}`);
    }
  }
  stdout.write(`${lines.join('\n')}\n`);
  if (loaded.fromCache) stderr.write(chalk.dim('(from the cache of the last few minutes; --refresh asks the gateway)\n'));
  return 0;
}

function priceText(entry: ModelEntry): string {
  const input = priceOf(entry, 'input');
  const output = priceOf(entry, 'output');
  if (input === undefined && output === undefined) return '';
  const money = (n: number | undefined) => (n === undefined ? '?' : `$${n.toFixed(2)}`);
  return `  ${money(input)} in · ${money(output)} out per 1M tokens`;
}
