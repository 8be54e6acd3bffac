// tfy-llm config list: the profiles, the active one marked with `*`.
import { forTerminal } from '../../terminal/safe-text.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { profileStore } from '../../config/shared.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { list } from './spec.ts';

export async function execute(_args: ArgsOf<typeof list>, given: RawOptionsOf<typeof list>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(list, given);
  const store = profileStore(deps);
  const active = store.activeName();
  const rows = store.names().map((name) => {
    const profile = store.read(name) ?? {};
    return { name, active: name === active, 'base-url': profile['base-url'] ?? null, provider: profile.provider ?? null, model: profile.model ?? null };
  });
  if (opts.json) {
    deps.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    deps.io.stderr.write('no profiles yet: create one with tfy-llm config init (or config add)\n');
    return 0;
  }
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) {
    const extra = [row.provider && `provider ${row.provider}`, row.model && `model ${row.model}`].filter(Boolean).join(', ');
    const url = row['base-url'] ?? '(no base URL)';
    // The file's values may have been edited by hand: shown only through forTerminal.
    deps.io.stdout.write(forTerminal(`${row.active ? '*' : ' '} ${row.name.padEnd(width)}  ${url}${extra ? `  (${extra})` : ''}\n`.replace(/ +\n$/, '\n')));
  }
  return 0;
}
