// What the config commands share: the store, which profile a command means, and the checks on values.
import { PROFILE_NAME } from './check.ts';
import { ConfigError, UsageError } from '../errors/errors.ts';
import { BASE_URL_HINT, baseUrlProblem, CREDENTIALS_PROBLEM, extraPart, trimBaseUrl } from './base-url.ts';
import { ProfileStore } from './profiles.ts';
import { inquirerPrompter } from '../terminal/prompt.ts';
import type { Profile } from './settings.ts';
import type { CommandDeps } from '../spec/deps.ts';
import { readAll } from '../terminal/io.ts';
import { maskUrlCredentials } from '../terminal/secrets.ts';

export function profileStore(deps: CommandDeps): ProfileStore {
  return deps.profiles instanceof ProfileStore ? deps.profiles : ProfileStore.forEnv(deps.io.env, (line) => deps.io.stderr.write(`${line}\n`));
}

/** --profile, else TFY_LLM_PROFILE, else the active profile; it must exist. */
export function targetProfile(store: ProfileStore, flag: string | undefined, deps: CommandDeps): { name: string; profile: Profile } {
  const name = flag ?? (deps.io.env.TFY_LLM_PROFILE || undefined) ?? store.activeName();
  if (!name) {
    throw new ConfigError('no profile is active', { hint: 'create one with tfy-llm config init (or config add), or name one with --profile' });
  }
  return { name, profile: requireProfile(store, name) };
}

export function requireProfile(store: ProfileStore, name: string): Profile {
  const profile = store.read(name);
  if (!profile) throw missingProfile(name, store.path);
  return profile;
}

export function missingProfile(name: string, path: string): ConfigError {
  return new ConfigError(`no profile named "${name}" in ${path}`, { hint: 'list profiles with: tfy-llm config list' });
}

export function checkName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError(`invalid profile name ${JSON.stringify(name)}`, { hint: 'use letters, digits, ".", "_" and "-" (at most 64), e.g. dev or prod-eu' });
  }
  return name;
}

/** A gateway root: http(s), no user name or password in it (it would be printed), trailing `/` dropped. */
export function checkBaseUrl(value: string): string {
  const error = urlProblem(value);
  if (error) throw new UsageError(error, { hint: BASE_URL_HINT });
  return trimBaseUrl(value);
}

/** For prompts: undefined when fine, else what is wrong. */
export function urlProblem(value: string): string | undefined {
  const problem = baseUrlProblem(value);
  if (problem === 'credentials') return `the URL ${CREDENTIALS_PROBLEM}`;
  if (problem === 'fragment' || problem === 'query') {
    const extra = extraPart(value);
    return `the URL ${extra.message} (use ${extra.bare})`;
  }
  return problem === undefined ? undefined : `${problem}: ${JSON.stringify(maskUrlCredentials(value))}`;
}

export function checkWord(what: 'provider' | 'model', value: string): string {
  const trimmed = value.trim();
  const ok = what === 'provider' ? /^[^\s/]+$/.test(trimmed) : /^\S+$/.test(trimmed);
  if (!ok) {
    const why = what === 'provider' ? 'one word without "/" (the gateway\'s provider account, e.g. openai-main)' : 'one word, e.g. gpt-4o or openai-main/gpt-4o';
    throw new UsageError(`invalid ${what} ${JSON.stringify(value)}: expected ${why}`);
  }
  return trimmed;
}

/** A key is one printable word; the message never repeats what was given. */
export function keyProblem(key: string): string | undefined {
  if (key === '') return 'the key is empty';
  if (!/^[\x21-\x7e]+$/.test(key)) return 'the key has spaces or characters that cannot go in a header';
  return undefined;
}

/**
 * The key from stdin (first line) when it is piped, else from a masked prompt on the terminal.
 * Never from the command line: that would leave it in the shell's history and in `ps`.
 */
export async function readKey(deps: CommandDeps): Promise<string> {
  let key: string;
  if (deps.io.stdin.isTTY) {
    const prompt = deps.prompt ?? inquirerPrompter(deps.io);
    key = (await prompt.password({ message: 'API key (input hidden)', validate: (v) => keyProblem(v.trim()) ?? true })).trim();
  } else {
    key = ((await readAll(deps.io.stdin)).split(/\r?\n/)[0] ?? '').trim();
  }
  const problem = keyProblem(key);
  if (problem) throw new UsageError(`${problem}: nothing was saved`, { hint: "pipe the key in: printf '%s' \"$TFY_API_KEY\" | tfy-llm config …" });
  return key;
}
