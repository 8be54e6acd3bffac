// doctor's checks that need no network: the config file, the settings, the key.
import { statSync } from 'node:fs';
import { resolveApiKey } from '../config/api-key.ts';
import { CliError, ExitCode } from '../errors/errors.ts';
import type { ProfileStore } from '../config/profiles.ts';
import { maskKey } from '../terminal/redact.ts';
import { configTrustProblem } from '../config/trust.ts';
import type { Settings } from '../config/settings.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  id: string;
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string | undefined;
  /** How long the check's request took, for the network checks. */
  ms?: number | undefined;
  /** The exit code doctor ends with when this is the first check that did not pass. */
  exitCode?: number | undefined;
}

export function checkConfigFile(store: ProfileStore): Check {
  const base = { id: 'config', name: 'config file' };
  try {
    if (!store.exists()) {
      // No file yet, but a folder others can write to is one they can put a config (and a command) in.
      const folder = configTrustProblem({ dir: store.dir, path: store.dir });
      if (folder) return { ...base, status: 'fail', detail: folder.problem, fix: folder.fix, exitCode: ExitCode.config };
      return { ...base, status: 'ok', detail: `none at ${store.path} (settings come from flags and the environment)` };
    }
  } catch (err) {
    const error = err instanceof CliError ? err : new CliError(String(err));
    return { ...base, status: 'fail', detail: error.message, fix: error.hint, exitCode: ExitCode.config };
  }
  // Someone else could change it (or its folder): a key or api-key-command in it is not to be believed.
  const untrusted = configTrustProblem(store.location);
  if (untrusted) return { ...base, status: 'fail', detail: untrusted.problem, fix: untrusted.fix, exitCode: ExitCode.config };
  const mode = statSync(store.path).mode & 0o777;
  const octal = `0${mode.toString(8)}`;
  // Group or world bits on a file that may hold keys: anyone else on the machine could read them.
  if ((mode & 0o077) !== 0) {
    return { ...base, status: 'warn', detail: `${store.path} is readable by others (mode ${octal})`, fix: `chmod 600 ${store.path}`, exitCode: ExitCode.config };
  }
  return { ...base, status: 'ok', detail: `${store.path} is readable and private (mode ${octal})` };
}

export function checkComplete(settings: Settings): Check {
  const base = { id: 'profile', name: 'profile complete' };
  const who = settings.profile ? `profile ${settings.profile.value}` : 'no profile (flags and environment only)';
  const fixes: Record<string, string> = {
    'base-url': 'tfy-llm config set base-url <url>',
    key: 'tfy-llm config set api-key',
    provider: 'tfy-llm config set provider <name>',
    model: 'tfy-llm config set model <model>',
  };
  const missing: string[] = [];
  if (!settings.baseURL) missing.push('base-url');
  if (!settings.apiKey) missing.push('key');
  const model = settings.model?.value;
  if (!settings.provider && !(model && model.indexOf('/') > 0)) missing.push('provider');
  if (!model) missing.push('model');
  if (missing.length === 0) return { ...base, status: 'ok', detail: `${who}: base-url, key, provider and model are set` };
  const fix = missing.map((m) => fixes[m]).join('; ');
  return { ...base, status: 'fail', detail: `${who}: no ${missing.join(', no ')}`, fix, exitCode: ExitCode.config };
}

/** Fetches the key (running api-key-command if that is the source); the key itself is returned, never shown. */
export async function checkKey(settings: Settings): Promise<{ check: Check; apiKey?: string }> {
  const base = { id: 'key', name: 'key present' };
  const source = settings.apiKey;
  if (!source) {
    return { check: { ...base, status: 'fail', detail: 'no API key', fix: 'tfy-llm config set api-key, or export TFY_API_KEY=…', exitCode: ExitCode.config } };
  }
  try {
    const apiKey = await resolveApiKey(source.value);
    const how = source.value.kind === 'command' ? `printed by api-key-command (${source.origin})` : `from ${source.origin}`;
    return { check: { ...base, status: 'ok', detail: `${maskKey(apiKey)} ${how}` }, apiKey };
  } catch (err) {
    const error = err instanceof CliError ? err : new CliError(String(err));
    return { check: { ...base, status: 'fail', detail: error.message, fix: error.hint, exitCode: ExitCode.config } };
  }
}

export function skipped(id: string, name: string, why: string): Check {
  return { id, name, status: 'skip', detail: `skipped: ${why}` };
}
