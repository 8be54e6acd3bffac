// The settings, listed once: a profile's keys and the machine-wide ones. The profile type, the file's
// check, `config set|get|unset|show`, their help and completion all derive from these lists.
import { UsageError } from '../errors/errors.ts';

export const PROFILE_KEYS = ['base-url', 'api-key', 'api-key-command', 'provider', 'model', 'headers'] as const;
export const GLOBAL_SETTINGS: Readonly<Record<string, readonly string[]>> = { history: ['on', 'off'] };

export type ProfileKey = (typeof PROFILE_KEYS)[number];

/** One stored profile, as the config file holds it: a string per key, and the extra headers by name. */
export type Profile = { [K in Exclude<ProfileKey, 'headers'>]?: string | undefined } & { headers?: Record<string, string> | undefined };

/** The keys for help texts: "base-url, api-key, …, headers". */
export const PROFILE_KEY_HELP = PROFILE_KEYS.join(', ');

export type Key = { scope: 'profile'; key: ProfileKey } | { scope: 'global'; key: string };

export function parseKey(key: string): Key {
  if ((PROFILE_KEYS as readonly string[]).includes(key)) return { scope: 'profile', key: key as ProfileKey };
  if (Object.hasOwn(GLOBAL_SETTINGS, key)) return { scope: 'global', key };
  throw new UsageError(`unknown setting ${JSON.stringify(key)}`, {
    hint: `settings are: ${[...PROFILE_KEYS, ...Object.keys(GLOBAL_SETTINGS)].join(', ')}`,
  });
}

export function checkGlobal(key: string, value: string | undefined): string {
  const allowed = GLOBAL_SETTINGS[key] ?? [];
  if (value === undefined || !allowed.includes(value)) {
    throw new UsageError(`${key} must be one of ${allowed.join(', ')}`, { hint: `e.g. tfy-llm config set ${key} ${allowed[0] ?? ''}` });
  }
  return value;
}
