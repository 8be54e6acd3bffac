// tfy-llm config path: where the config file is (whether or not it exists yet).
import type { CommandDeps } from '../../spec/deps.ts';
import { profileStore } from '../../config/shared.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { path } from './spec.ts';

export async function execute(_args: ArgsOf<typeof path>, _options: RawOptionsOf<typeof path>, deps: CommandDeps): Promise<number> {
  deps.io.stdout.write(`${profileStore(deps).path}\n`);
  return 0;
}
