// tfy-llm config get <key>: one stored setting; the key only ever masked.
import { forTerminal } from '../../terminal/safe-text.ts';
import { ConfigError } from '../../errors/errors.ts';
import { maskKey, redactHeaders } from '../../terminal/redact.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { parseKey } from '../../config/keys.ts';
import { profileStore, targetProfile } from '../../config/shared.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { get } from './spec.ts';

export async function execute([given]: ArgsOf<typeof get>, flags: RawOptionsOf<typeof get>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(get, flags);
  const key = parseKey(given);
  const store = profileStore(deps);
  if (key.scope === 'global') {
    deps.io.stdout.write(`${store.globalSetting(key.key) ?? 'on'}\n`);
    return 0;
  }
  const { name, profile } = targetProfile(store, opts.profile, deps);
  const notSet = (hint?: string) => new ConfigError(`${key.key} is not set in profile "${name}"`, { hint });
  let text: string;
  if (key.key === 'api-key') {
    const stored = profile['api-key'];
    if (!stored) throw notSet(profile['api-key-command'] ? 'this profile gets its key from api-key-command' : 'set it with: tfy-llm config set api-key');
    text = maskKey(stored);
  } else if (key.key === 'headers') {
    const headers = Object.entries(redactHeaders(profile.headers ?? {}));
    if (headers.length === 0) throw notSet();
    text = headers.map(([header, value]) => `${header}: ${value}`).join('\n');
  } else {
    const value = profile[key.key];
    if (!value) throw notSet();
    text = value;
  }
  deps.io.stdout.write(`${deps.io.stdout.isTTY ? forTerminal(text) : text}\n`);
  return 0;
}
