// tfy-llm history [-n N] [--json] | history clear: the responses created from this machine.
import { clearHistory, countEntries } from '../../history/store.ts';
import { listEntries } from '../../history/read.ts';
import { historyTable } from '../../history/table.ts';
import { makeChalk } from '../../terminal/color.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { openHistory } from '../../history/local.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

export async function execute([action]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const { stdout, stderr } = deps.io;
  const history = openHistory(opts, deps);
  if (action === 'clear') {
    if (opts.dryRun) {
      const count = await countEntries(history.path);
      stderr.write(`would clear ${count} ${count === 1 ? 'entry' : 'entries'} from the history (${history.path}); nothing was removed\n`);
      return 0;
    }
    const cleared = await clearHistory(history.path);
    stderr.write(cleared ? `cleared the history (${history.path})\n` : 'the history is already empty\n');
    return 0;
  }

  // --profile narrows the list to one profile; without it, every profile's responses show.
  const entries = await listEntries(history.path, opts.limit, history.onCorrupt, opts.profile);
  if (!history.enabled) history.warn('recording is off (TFY_LLM_HISTORY=off or config set history off): new responses are not added');
  if (opts.json) {
    stdout.write(`${JSON.stringify(entries, null, stdout.isTTY ? 2 : undefined)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    stderr.write(`no responses in the history yet (${history.path})\n`);
    return 0;
  }
  const rows = historyTable(entries, { header: stdout.isTTY === true, width: stdout.isTTY ? stdout.columns : undefined });
  if (stdout.isTTY) {
    const chalk = makeChalk(stdout, deps.io.env, opts.color === false);
    rows[0] = chalk.dim(rows[0] ?? '');
  }
  stdout.write(`${rows.join('\n')}\n`);
  return 0;
}
