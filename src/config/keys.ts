// The keys `config set|get|unset` accept: a profile's settings, and `history` (for the whole machine).
import { GLOBAL_SETTINGS, PROFILE_KEYS } from './check.ts';
import { UsageError } from '../errors/errors.ts';

export type ProfileKey = (typeof PROFILE_KEYS)[number];

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
