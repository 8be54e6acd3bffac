// tfy-llm config remove <name>: delete a profile (and, if it was active, leave none active).
import type { CommandDeps } from '../../spec/deps.ts';
import { missingProfile, profileStore, requireProfile } from '../../config/shared.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { remove } from './spec.ts';

export async function execute([name]: ArgsOf<typeof remove>, _options: RawOptionsOf<typeof remove>, deps: CommandDeps): Promise<number> {
  const store = profileStore(deps);
  requireProfile(store, name);
  const wasActive = await store.update((data) => {
    // Inside the lock the profile may have gone meanwhile: check the fresh copy.
    if (!Object.hasOwn(data.profiles, name)) throw missingProfile(name, store.path);
    delete data.profiles[name];
    if (data.active !== name) return false;
    delete data.active;
    return true;
  });
  const next = wasActive ? '; no profile is active now (pick one with tfy-llm config use <name>)' : '';
  deps.io.stderr.write(`removed profile "${name}"${next}\n`);
  return 0;
}
