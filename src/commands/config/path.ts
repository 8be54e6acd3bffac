// tfy-llm config path: where the config file is (whether or not it exists yet).
import type { CommandDeps } from '../../http/connect.ts';
import { profileStore } from '../../config/shared.ts';

export async function execute(_args: unknown[], _opts: unknown, deps: CommandDeps): Promise<number> {
  deps.io.stdout.write(`${profileStore(deps).path}\n`);
  return 0;
}
