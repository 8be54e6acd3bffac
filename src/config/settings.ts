// Resolves each setting from flag > environment > profile, remembering where it came from.
import { ConfigError, UsageError } from '../errors/errors.ts';
import { BASE_URL_HINT, baseUrlProblem, CREDENTIALS_PROBLEM, trimBaseUrl } from './base-url.ts';
import { maskUrlCredentials } from '../terminal/secrets.ts';
import type { Env } from '../terminal/io.ts';
import type { Profile } from './keys.ts';

export type SettingSource = 'flag' | 'env' | 'profile';

export interface Sourced<T> {
  value: T;
  source: SettingSource;
  /** The flag, variable or profile it came from, e.g. `--base-url`, `TFY_HOST`, `profile dev`. */
  origin: string;
}

/** Where a key comes from; `origin` names it in messages, `file` is the config file it was read from (checked before use). */
export type KeySource =
  | { kind: 'value'; key: string; origin?: string | undefined; file?: ConfigLocation | undefined }
  | { kind: 'command'; command: string; origin?: string | undefined; file?: ConfigLocation | undefined };

/** The config file and its folder. */
export interface ConfigLocation {
  dir: string;
  path: string;
}

export type { Profile } from './keys.ts';

/** The seam for the profile store: settings only read profiles. */
export interface ProfileReader {
  activeName(): string | undefined;
  read(name: string): Profile | undefined;
  /** A setting outside any profile, e.g. `history` ("on" | "off"). */
  globalSetting?(name: string): string | undefined;
  /** Every profile's name, for completion. */
  names?(): string[];
  /** The file profiles are read from, so a key or api-key-command taken from it can be checked first. */
  location?: ConfigLocation | undefined;
}

export interface SettingFlags {
  profile?: string | undefined;
  baseUrl?: string | undefined;
  provider?: string | undefined;
  model?: string | undefined;
  header?: string[] | undefined;
}

export interface Settings {
  profile: Sourced<string> | undefined;
  baseURL: Sourced<string> | undefined;
  apiKey: Sourced<KeySource> | undefined;
  provider: Sourced<string> | undefined;
  model: Sourced<string> | undefined;
  /** Profile headers overlaid by -H flags. */
  headers: Record<string, string>;
}

export function resolveSettings(flags: SettingFlags, env: Env, profiles?: ProfileReader): Settings {
  const profileName = pick(
    [flags.profile, 'flag', '--profile'],
    [env.TFY_LLM_PROFILE, 'env', 'TFY_LLM_PROFILE'],
    [profiles?.activeName(), 'profile', 'active profile'],
  );
  let profile: Profile | undefined;
  if (profileName && profiles) {
    profile = profiles.read(profileName.value);
    if (!profile && profileName.source !== 'profile') {
      throw new ConfigError(`no profile named "${profileName.value}" (from ${profileName.origin})`, {
        hint: 'list profiles with: tfy-llm config list',
      });
    }
  }
  const fromProfile = `profile ${profileName?.value ?? ''}`.trim();

  const baseURL = pick(
    [flags.baseUrl, 'flag', '--base-url'],
    [env.TFY_LLM_BASE_URL, 'env', 'TFY_LLM_BASE_URL'],
    [controlPlane(env.TFY_HOST), 'env', 'TFY_HOST'],
    [controlPlane(env.TFY_BASE_URL), 'env', 'TFY_BASE_URL'],
    [profile?.['base-url'], 'profile', fromProfile],
  );
  if (baseURL) baseURL.value = normaliseBaseURL(baseURL);

  const file = profiles?.location;
  const apiKey = pick<KeySource>(
    [env.TFY_API_KEY ? { kind: 'value', key: env.TFY_API_KEY, origin: 'TFY_API_KEY' } : undefined, 'env', 'TFY_API_KEY'],
    [profile?.['api-key'] ? { kind: 'value', key: profile['api-key'], origin: fromProfile, file } : undefined, 'profile', fromProfile],
    [profile?.['api-key-command'] ? { kind: 'command', command: profile['api-key-command'], origin: fromProfile, file } : undefined, 'profile', fromProfile],
  );

  return {
    profile: profileName,
    baseURL,
    apiKey,
    provider: pick(
      [flags.provider, 'flag', '--provider'],
      [env.TFY_LLM_PROVIDER, 'env', 'TFY_LLM_PROVIDER'],
      [profile?.provider, 'profile', fromProfile],
    ),
    model: pick(
      [flags.model, 'flag', '--model'],
      [env.TFY_LLM_MODEL, 'env', 'TFY_LLM_MODEL'],
      [profile?.model, 'profile', fromProfile],
    ),
    headers: { ...profile?.headers, ...parseHeaders(flags.header ?? []) },
  };
}

type Candidate<T> = [value: T | undefined, source: SettingSource, origin: string];

function pick<T>(...candidates: Candidate<T>[]): Sourced<T> | undefined {
  for (const [value, source, origin] of candidates) {
    if (value !== undefined && value !== '') return { value, source, origin };
  }
  return undefined;
}

/** TrueFoundry's own tools set a control-plane URL; the gateway lives under /api/llm there. */
function controlPlane(url: string | undefined): string | undefined {
  return url ? `${url.replace(/\/+$/, '')}/api/llm` : undefined;
}

function normaliseBaseURL({ value, source, origin }: Sourced<string>): string {
  const trimmed = trimBaseUrl(value);
  const problem = baseUrlProblem(trimmed);
  if (problem !== undefined) {
    // Never the password: the URL is shown with it masked (user:****@).
    const shown = maskUrlCredentials(trimmed);
    const message = problem === 'credentials' ? `the base URL from ${origin} (${shown}) ${CREDENTIALS_PROBLEM}` : `the base URL from ${origin} is not an http(s) URL: ${JSON.stringify(maskUrlCredentials(value))}`;
    const hint = BASE_URL_HINT;
    throw source === 'flag' ? new UsageError(message, { hint }) : new ConfigError(message, { hint });
  }
  return trimmed;
}

export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of values) {
    const colon = raw.indexOf(':');
    const name = colon > 0 ? raw.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError(`invalid header ${JSON.stringify(raw)}: expected "Name: value"`);
    }
    const value = raw.slice(colon + 1).trim();
    if (/[\r\n]/.test(value)) throw new UsageError(`invalid header ${JSON.stringify(name)}: the value has a line break`);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

export interface Connection {
  baseURL: string;
  key: KeySource;
}

/** The settings every request needs; their absence is a configuration error that says how to fix it. */
export function requireConnection(settings: Settings): Connection {
  if (!settings.baseURL) {
    throw new ConfigError('no gateway base URL is configured', {
      hint: 'run tfy-llm config init, or set TFY_LLM_BASE_URL (or TFY_HOST) and TFY_API_KEY',
    });
  }
  if (!settings.apiKey) {
    throw new ConfigError('no API key is configured', {
      hint: 'run tfy-llm config init, or set TFY_API_KEY',
    });
  }
  return { baseURL: settings.baseURL.value, key: settings.apiKey.value };
}

/** The routing provider and the model as sent, for create. */
export function routeModel(settings: Settings, flagProvider: string | undefined): { model: string; provider: string | undefined } {
  if (!settings.model) {
    throw new UsageError('no model given', {
      hint: 'pass --model provider/model (e.g. my-openai/gpt-4o), or set TFY_LLM_MODEL or a profile default',
    });
  }
  const model = settings.model.value;
  const slash = model.indexOf('/');
  if (slash > 0) return { model, provider: flagProvider ?? model.slice(0, slash) };
  const provider = flagProvider ?? settings.provider?.value;
  return { model: provider ? `${provider}/${model}` : model, provider };
}
