// tfy-llm config unset <key> [header]: remove one setting (or one header) of a profile, or `history`.
import { ConfigError } from '../../errors/errors.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { parseKey } from '../../config/keys.ts';
import { missingProfile, profileStore, targetProfile } from '../../config/shared.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { unset } from './spec.ts';

export async function execute([given, named]: ArgsOf<typeof unset>, flags: RawOptionsOf<typeof unset>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(unset, flags);
  const key = parseKey(given);
  const header = named?.toLowerCase();
  const store = profileStore(deps);
  if (key.scope === 'global') {
    await store.update((data) => {
      delete data.settings[key.key];
    });
    deps.io.stderr.write(`${key.key} is back to its default\n`);
    return 0;
  }
  const { name } = targetProfile(store, opts.profile, deps);
  const removed = await store.update((data) => {
    const profile = data.profiles[name];
    if (!Object.hasOwn(data.profiles, name) || !profile) throw missingProfile(name, store.path);
    if (key.key === 'headers' && header !== undefined) {
      if (!profile.headers || !Object.hasOwn(profile.headers, header)) {
        throw new ConfigError(`profile "${name}" has no header ${JSON.stringify(header)}`, { hint: 'see them with: tfy-llm config get headers' });
      }
      delete profile.headers[header];
      if (Object.keys(profile.headers).length === 0) delete profile.headers;
      return true;
    }
    const had = profile[key.key] !== undefined;
    delete profile[key.key];
    return had;
  });
  const what = header === undefined ? key.key : `header ${header}`;
  deps.io.stderr.write(removed ? `removed ${what} from profile "${name}"\n` : `${what} was not set in profile "${name}"\n`);
  return 0;
}
