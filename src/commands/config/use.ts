// tfy-llm config use <name>: make a profile the active one.
import type { CommandDeps } from '../../spec/deps.ts';
import { missingProfile, profileStore, requireProfile } from '../../config/shared.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { use } from './spec.ts';

export async function execute([name]: ArgsOf<typeof use>, _options: RawOptionsOf<typeof use>, deps: CommandDeps): Promise<number> {
  const store = profileStore(deps);
  requireProfile(store, name);
  await store.update((data) => {
    // Inside the lock the profile may have gone meanwhile: check the fresh copy.
    if (!Object.hasOwn(data.profiles, name)) throw missingProfile(name, store.path);
    data.active = name;
  });
  deps.io.stderr.write(`now using profile "${name}"\n`);
  return 0;
}

