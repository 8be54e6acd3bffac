// Resolves each setting from flag > environment > profile, remembering where it came from.
import { ConfigError, UsageError } from '../errors/errors.ts';
import { BASE_URL_HINT, baseUrlProblem, CREDENTIALS_PROBLEM, extraPart, trimBaseUrl } from './base-url.ts';
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
  /** The active profile the config names but does not hold (removed, or the file was edited), with the names it does hold. */
  missingProfile?: { name: string; existing: string[] } | undefined;
  /** No profile is active, but these exist: `config use` is the fix, not `config init`. */
  inactiveProfiles?: string[] | undefined;
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
  const missingProfile = profileName && profiles && !profile ? { name: profileName.value, existing: profiles.names?.() ?? [] } : undefined;
  if (profile?.headers) checkProfileHeaders(profile.headers, fromProfile);
  const inactiveProfiles = profileName ? [] : (profiles?.names?.() ?? []);

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
    ...(missingProfile ? { missingProfile } : {}),
    ...(inactiveProfiles.length > 0 ? { inactiveProfiles } : {}),
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
    const extra = problem === 'fragment' || problem === 'query' ? extraPart(trimmed) : undefined;
    // Never the password: the URL is shown with it masked (user:****@).
    const message = problem === 'credentials'
      ? `the base URL from ${origin} (${maskUrlCredentials(trimmed)}) ${CREDENTIALS_PROBLEM}`
      : extra
        ? `the base URL from ${origin} ${extra.message}`
        : `the base URL from ${origin} is not an http(s) URL: ${JSON.stringify(maskUrlCredentials(value))}`;
    const hint = extra ? `use ${extra.bare}` : BASE_URL_HINT;
    throw source === 'flag' ? new UsageError(message, { hint }) : new ConfigError(message, { hint });
  }
  return trimmed;
}

/**
 * Headers tfy-llm must not send as given: framing and hop-by-hop headers belong to the HTTP layer
 * (a wrong Content-Length hangs the request; Host or Connection breaks routing and reuse).
 */
const RESERVED_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'host',
  'expect',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What is wrong with a header, or undefined. Values must be printable ASCII: a header carries bytes, not text. */
export function headerProblem(name: string, value: string): string | undefined {
  const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  if (!HEADER_NAME.test(name)) return `invalid header name ${shown}`;
  if (RESERVED_HEADERS.has(name.toLowerCase())) return `the header ${shown} is set by the HTTP layer and cannot be given`;
  if (/[\r\n]/.test(value)) return `invalid header ${shown}: the value has a line break`;
  if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(value)) return `invalid header ${shown}: the value has a control character`;
  if (/[^\u0000-\u007F]/.test(value)) return `invalid header ${shown}: the value has non-ASCII characters, which a header cannot carry as text`;
  return undefined;
}

const HEADER_HINT = 'headers are "Name: value" in printable ASCII; Content-Length, Transfer-Encoding, Connection, Host and the like are set by tfy-llm itself; non-ASCII metadata goes in --tfy-metadata';

export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of values) {
    const colon = raw.indexOf(':');
    const name = colon > 0 ? raw.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) {
      throw new UsageError(`invalid header ${JSON.stringify(raw)}: expected "Name: value"`);
    }
    const value = raw.slice(colon + 1).trim();
    const problem = headerProblem(name, value);
    if (problem) throw new UsageError(problem, { hint: HEADER_HINT });
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** A profile's headers were checked when set, but the file may have been edited since. */
function checkProfileHeaders(headers: Record<string, string>, origin: string): void {
  for (const [name, value] of Object.entries(headers)) {
    const problem = typeof value === 'string' ? headerProblem(name, value) : `the header ${JSON.stringify(name)} is not a string`;
    if (problem) throw new ConfigError(`${origin}: ${problem}`, { hint: `fix it with: tfy-llm config unset headers ${name}` });
  }
}

export interface Connection {
  baseURL: string;
  key: KeySource;
}

/** The settings every request needs; their absence is a configuration error that says how to fix it. */
export function requireConnection(settings: Settings): Connection {
  const missing = settings.missingProfile;
  if (missing && (!settings.baseURL || !settings.apiKey)) {
    const others = missing.existing.length > 0 ? `tfy-llm config use ${missing.existing[0]}${missing.existing.length > 1 ? ` (or: ${missing.existing.slice(1, 4).join(', ')})` : ''}` : undefined;
    throw new ConfigError(`the active profile "${missing.name}" does not exist in the config (removed, or the file was edited)`, {
      hint: others ? `switch to one that does: ${others}` : 'create it with: tfy-llm config init, or set TFY_LLM_BASE_URL and TFY_API_KEY',
    });
  }
  const inactive = settings.inactiveProfiles ?? [];
  if (!settings.baseURL && inactive.length > 0) {
    throw new ConfigError('no gateway base URL is configured: no profile is active', {
      hint: `pick one with: tfy-llm config use ${inactive[0]}${inactive.length > 1 ? ` (profiles: ${inactive.slice(0, 5).join(', ')})` : ''}, or pass --profile <name>`,
    });
  }
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
  if (slash > 0) {
    const prefix = model.slice(0, slash);
    // The gateway routes provider/model by its prefix: a different --provider would be recorded (and
    // asked for by retrieve, delete…) while the response lives with the prefix's provider.
    if (flagProvider !== undefined && flagProvider !== prefix) {
      throw new UsageError(`--provider ${flagProvider} contradicts the model ${model}, whose provider is ${prefix}`, {
        hint: `drop --provider, or name the model without a provider (-m ${model.slice(slash + 1)} --provider ${flagProvider})`,
      });
    }
    return { model, provider: prefix };
  }
  const provider = flagProvider ?? settings.provider?.value;
  return { model: provider ? `${provider}/${model}` : model, provider };
}
