// tfy-llm config set <key> [value]: one setting of the active (or --profile) profile, or `history`.
import { UsageError } from '../../errors/errors.ts';
import { parseHeaders, type Profile } from '../../config/settings.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkGlobal, parseKey, type ProfileKey } from '../../config/keys.ts';
import { checkBaseUrl, checkWord, missingProfile, profileStore, readKey, targetProfile } from '../../config/shared.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { set } from './spec.ts';

export async function execute([given, value]: ArgsOf<typeof set>, flags: RawOptionsOf<typeof set>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(set, flags);
  const key = parseKey(given);
  const store = profileStore(deps);
  if (key.scope === 'global') {
    const checked = checkGlobal(key.key, value);
    await store.update((data) => {
      data.settings[key.key] = checked;
    });
    deps.io.stderr.write(`${key.key} is ${checked}\n`);
    return 0;
  }
  if (key.key === 'api-key' && value !== undefined) {
    // The value is already in the shell's history; at least it goes no further. Never repeat it.
    throw new UsageError('config set api-key takes no value on the command line (it would stay in your shell history)', {
      hint: "pipe it in: printf '%s' \"$TFY_API_KEY\" | tfy-llm config set api-key, or run it on a terminal for a masked prompt",
    });
  }
  const { name } = targetProfile(store, opts.profile, deps);
  const change = key.key === 'api-key' ? { 'api-key': await readKey(deps) } : checked(key.key, value);
  await store.update((data) => {
    const profile = data.profiles[name];
    if (!Object.hasOwn(data.profiles, name) || !profile) throw missingProfile(name, store.path);
    // One way to get the key: setting either source drops the other.
    if ('api-key' in change) delete profile['api-key-command'];
    if ('api-key-command' in change) delete profile['api-key'];
    if (change.headers) change.headers = { ...profile.headers, ...change.headers };
    Object.assign(profile, change);
  });
  deps.io.stderr.write(`set ${key.key} of profile "${name}"\n`);
  if (key.key === 'model' && change.model) {
    const [{ warnIfNotListed }, { warner }] = await Promise.all([import('../../models/check-model.ts'), import('../../terminal/notices.ts')]);
    await warnIfNotListed(name, change.model, deps, warner({}, deps));
  }
  return 0;
}

function checked(key: Exclude<ProfileKey, 'api-key'>, value: string | undefined): Profile {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`config set ${key} needs a value`, { hint: `e.g. tfy-llm config set ${key} ${EXAMPLES[key]}` });
  }
  switch (key) {
    case 'base-url':
      return { 'base-url': checkBaseUrl(value) };
    case 'provider':
    case 'model':
      return { [key]: checkWord(key, value) };
    case 'headers':
      return { headers: parseHeaders([value]) };
    case 'api-key-command':
      return { 'api-key-command': value };
  }
}

const EXAMPLES: Record<Exclude<ProfileKey, 'api-key'>, string> = {
  'base-url': 'https://gateway.truefoundry.ai',
  provider: 'openai-main',
  model: 'gpt-4o',
  headers: '"X-Team: search"',
  'api-key-command': '"pass show truefoundry/api-key"',
};
