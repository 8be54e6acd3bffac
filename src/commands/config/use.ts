// tfy-llm config use <name>: make a profile the active one.
import type { CommandDeps } from '../../http/connect.ts';
import { missingProfile, profileStore, requireProfile } from '../../config/shared.ts';

export async function execute(args: unknown[], _opts: unknown, deps: CommandDeps): Promise<number> {
  const name = String(args[0]);
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

