// tfy-llm config add <name> --base-url …: non-interactive setup, for scripts and CI.
import { UsageError } from '../../errors/errors.ts';
import { parseHeaders, type Profile } from '../../config/settings.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkBaseUrl, checkName, checkWord, profileStore, readKey } from '../../config/shared.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { add } from './spec.ts';

export interface AddOptions {
  baseUrl: string;
  provider?: string;
  model?: string;
  apiKeyStdin?: boolean;
  apiKeyCommand?: string;
  header?: string[];
  use?: boolean;
  force?: boolean;
}

export async function execute([given]: ArgsOf<typeof add>, flags: RawOptionsOf<typeof add>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(add, flags);
  const name = checkName(given);
  const store = profileStore(deps);
  // Every check runs before the key is read and before anything is written.
  const profile: Profile = { 'base-url': checkBaseUrl(opts.baseUrl) };
  if (opts.provider !== undefined) profile.provider = checkWord('provider', opts.provider);
  if (opts.model !== undefined) profile.model = checkWord('model', opts.model);
  if (opts.header?.length) profile.headers = parseHeaders(opts.header);
  if (opts.apiKeyStdin && opts.apiKeyCommand !== undefined) {
    throw new UsageError('--api-key-stdin and --api-key-command cannot be used together', { hint: 'a profile gets its key one way' });
  }
  if (opts.apiKeyCommand !== undefined) {
    if (opts.apiKeyCommand.trim() === '') throw new UsageError('--api-key-command is empty');
    profile['api-key-command'] = opts.apiKeyCommand;
  }
  if (store.read(name) && !opts.force) throw exists(name);
  if (opts.apiKeyStdin) profile['api-key'] = await readKey(deps);

  const { active } = await store.update((data) => {
    // Checked again inside the lock: another process may have added it meanwhile.
    if (Object.hasOwn(data.profiles, name) && !opts.force) throw exists(name);
    data.profiles[name] = profile;
    if (opts.use || !data.active || !Object.hasOwn(data.profiles, data.active)) data.active = name;
    return { active: data.active === name };
  });
  deps.io.stderr.write(`added profile "${name}" to ${store.path}${active ? ' (active)' : ''}\n`);
  return 0;
}

function exists(name: string): UsageError {
  return new UsageError(`a profile named "${name}" already exists`, {
    hint: `change one setting with tfy-llm config set <key> <value> -p ${name}, or replace it with --force`,
  });
}
