// The profile store. Reading is plain `fs` and a small check, because every command reads it on start;
// writing (conf's atomic write under a file lock) is loaded only by the commands that change it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig, emptyConfig, type ConfigData } from './check.ts';
import { ConfigError } from '../errors/errors.ts';
import type { Env } from '../terminal/io.ts';
import { configDir } from './paths.ts';
import type { Profile, ProfileReader } from './settings.ts';

export const CONFIG_FILE = 'config.json';

export class ProfileStore implements ProfileReader {
  readonly dir: string;
  readonly path: string;
  #data: ConfigData | undefined;
  #exists = false;

  constructor(dir: string) {
    this.dir = dir;
    this.path = join(dir, CONFIG_FILE);
  }

  static forEnv(env: Env): ProfileStore {
    return new ProfileStore(configDir(env));
  }

  /** What the file holds, read once; no file is an empty config. Throws ConfigError naming the file. */
  data(): ConfigData {
    if (!this.#data) {
      const { data, exists } = readConfigFile(this.path);
      this.#data = data;
      this.#exists = exists;
    }
    return this.#data;
  }

  /** Whether the file was there when it was read. */
  exists(): boolean {
    this.data();
    return this.#exists;
  }

  activeName(): string | undefined {
    return this.data().active;
  }

  read(name: string): Profile | undefined {
    const { profiles } = this.data();
    return Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  }

  names(): string[] {
    return Object.keys(this.data().profiles).sort();
  }

  globalSetting(name: string): string | undefined {
    const { settings } = this.data();
    return Object.hasOwn(settings, name) ? settings[name] : undefined;
  }

  /**
   * Changes the file under a lock: re-reads it inside the lock (so concurrent writers lose nothing),
   * applies `change` to that fresh copy, and writes it atomically with mode 0600.
   */
  async update<T>(change: (data: ConfigData) => T): Promise<T> {
    const { writeLocked } = await import('./write.ts');
    const { data, result } = await writeLocked(this.dir, this.path, change);
    this.#data = data;
    this.#exists = true;
    return result;
  }
}

/** Reads and checks the file. A file that cannot be parsed is an error, never an empty config to write over. */
export function readConfigFile(path: string): { data: ConfigData; exists: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { data: emptyConfig(), exists: false };
    throw new ConfigError(`cannot read the config file ${path} (${code ?? String(err)})`, {
      hint: 'check its permissions: it should be a file you own, mode 0600',
    });
  }
  // An empty file holds nothing to lose.
  if (text.trim() === '') return { data: emptyConfig(), exists: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`the config file ${path} is not valid JSON${where(text, err)}`, { hint: invalidHint(path) });
  }
  const { data, problems } = checkConfig(parsed);
  if (problems.length > 0) {
    throw new ConfigError(`the config file ${path} is invalid: ${problems.join('; ')}`, { hint: invalidHint(path) });
  }
  return { data, exists: true };
}

/** Line and column only: V8's own message quotes the file's text, which may hold a key. */
function where(text: string, err: unknown): string {
  const position = /at position (\d+)/.exec((err as Error).message ?? '')?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

function invalidHint(path: string): string {
  return `fix it by hand, or move it away (mv ${path} ${path}.bak) and run tfy-llm config init; tfy-llm does not overwrite it`;
}
