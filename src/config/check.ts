// Checks what the config file holds, field by field, without zod: this runs on every command's start.
// Messages name the field and never quote its value (it may be a key).
import { GLOBAL_SETTINGS, PROFILE_KEYS, type Profile } from './keys.ts';

export interface ConfigData {
  /** The active profile's name. */
  active?: string | undefined;
  profiles: Record<string, Profile>;
  /** Settings outside any profile, e.g. `history: "off"`. */
  settings: Record<string, string>;
}


/** Profile names are also used on command lines and in shell completion: keep them plain. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

// conf keeps its own bookkeeping under this key; it is not ours to judge.
const RESERVED = '__internal__';

export function emptyConfig(): ConfigData {
  return { profiles: {}, settings: {} };
}

/** Returns the data and every problem found (empty when the file is fine). */
export function checkConfig(value: unknown): { data: ConfigData; problems: string[] } {
  const problems: string[] = [];
  const data = emptyConfig();
  if (!isObject(value)) return { data, problems: ['the top level must be a JSON object'] };

  for (const [key, field] of Object.entries(value)) {
    if (key === 'active') {
      if (typeof field === 'string') data.active = field;
      else problems.push('"active" must be a string (a profile name)');
    } else if (key === 'profiles') {
      if (!isObject(field)) problems.push('"profiles" must be an object of named profiles');
      else data.profiles = checkProfiles(field, problems);
    } else if (key === 'settings') {
      if (!isObject(field)) problems.push('"settings" must be an object');
      else data.settings = checkSettings(field, problems);
    } else if (key !== RESERVED) {
      problems.push(`"${key}" is not a known field (active, profiles, settings)`);
    }
  }
  return { data, problems };
}

function checkProfiles(field: Record<string, unknown>, problems: string[]): Record<string, Profile> {
  const entries: [string, Profile][] = [];
  for (const [name, profile] of Object.entries(field)) {
    if (!PROFILE_NAME.test(name)) problems.push(`profile name ${JSON.stringify(name)} must be letters, digits, ".", "_" or "-"`);
    if (!isObject(profile)) {
      problems.push(`"profiles.${name}" must be an object`);
      continue;
    }
    entries.push([name, checkProfile(name, profile, problems)]);
  }
  // fromEntries defines own properties, so a name like "__proto__" cannot reach the prototype.
  return Object.fromEntries(entries);
}

function checkProfile(name: string, profile: Record<string, unknown>, problems: string[]): Profile {
  const out: Profile = {};
  for (const [key, value] of Object.entries(profile)) {
    const where = `"profiles.${name}.${key}"`;
    if (key === 'headers') {
      if (isObject(value) && Object.values(value).every((v) => typeof v === 'string')) out.headers = { ...(value as Record<string, string>) };
      else problems.push(`${where} must be an object of header names to string values`);
    } else if ((PROFILE_KEYS as readonly string[]).includes(key)) {
      if (typeof value === 'string') out[key as Exclude<keyof Profile, 'headers'>] = value;
      else problems.push(`${where} must be a string`);
    } else {
      problems.push(`${where} is not a known setting (${PROFILE_KEYS.join(', ')})`);
    }
  }
  return out;
}

function checkSettings(field: Record<string, unknown>, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(field)) {
    const allowed = Object.hasOwn(GLOBAL_SETTINGS, key) ? GLOBAL_SETTINGS[key] : undefined;
    if (!allowed) problems.push(`"settings.${key}" is not a known setting (${Object.keys(GLOBAL_SETTINGS).join(', ')})`);
    else if (typeof value !== 'string' || !allowed.includes(value)) problems.push(`"settings.${key}" must be one of ${allowed.join(', ')}`);
    else out[key] = value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
