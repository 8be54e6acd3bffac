// The write path of the profile store, loaded only by commands that change the config:
// a lock (proper-lockfile) so concurrent writers queue, a fresh read inside it, conf's atomic write.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import Conf from 'conf';
import lockfile from 'proper-lockfile';
import type { ConfigData } from './check.ts';
import { ConfigError } from '../errors/errors.ts';
import { CONFIG_FILE, readConfigFile } from './file.ts';

// Writers hold the lock for milliseconds; a crashed one leaves a lock that is stale after 10 s.
const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 60, factor: 1.3, minTimeout: 10, maxTimeout: 300, randomize: true },
};

/** Says, once, that the write waits for a lock: a quiet wait of up to 10 s looks like a hang. */
export type LockNotice = (line: string) => void;

export async function writeLocked<T>(dir: string, path: string, change: (data: ConfigData) => T, notice?: LockNotice): Promise<{ data: ConfigData; result: T }> {
  // Only a folder we create gets 0700; an existing one (say $TFY_LLM_CONFIG_DIR=$HOME) is not ours to chmod.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, { ...LOCK_OPTIONS, retries: 0 }).catch(async (err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      notice?.(
        `waiting for the lock on ${path}: another tfy-llm is changing it, or one was killed while it did (a lock untouched for ${LOCK_OPTIONS.stale / 1000} s is taken over)`,
      );
      return lockfile.lock(path, LOCK_OPTIONS);
    });
  } catch (err) {
    throw new ConfigError(`could not lock the config file ${path} (${(err as NodeJS.ErrnoException).code ?? 'busy'})`, {
      hint: `another tfy-llm may be writing it; if none is, remove ${path}.lock`,
    });
  }
  try {
    // Read again inside the lock: what another writer saved since this command started must survive.
    // A file that cannot be parsed throws here, before anything is written.
    const { data } = readConfigFile(path);
    // Writers write their temporary file only inside the lock, so any found now was left by one that
    // was killed mid-write; it may hold keys.
    removeStaleTemporaries(dir, path);
    const result = change(data);
    writeConfig(dir, data);
    return { data, result };
  } finally {
    await release().catch(() => undefined);
  }
}

/** conf's atomic write (the `atomically` package) names its temporary file `<file>.tmp-<10 digits><6 hex>`. */
function removeStaleTemporaries(dir: string, path: string): void {
  const prefix = `${basename(path)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /^\d{10}[a-f0-9]{6}$/.test(name.slice(prefix.length))) rmSync(join(dir, name), { force: true });
  }
}

function writeConfig(dir: string, data: ConfigData): void {
  const store = new Conf<Record<string, unknown>>({
    projectName: 'tfy-llm',
    cwd: dir,
    configName: CONFIG_FILE.replace(/\.json$/, ''),
    configFileMode: 0o600,
    // Never let conf "repair" a file by emptying it; readConfigFile has already refused a bad one.
    clearInvalidConfig: false,
    watch: false,
  });
  store.store = toJson(data);
}

/** The file's shape, with empty parts left out. */
function toJson(data: ConfigData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (data.active !== undefined) out.active = data.active;
  out.profiles = data.profiles;
  if (Object.keys(data.settings).length > 0) out.settings = data.settings;
  return out;
}
