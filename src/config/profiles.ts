// The profile store. Reading is plain `fs` and a small check, because every command reads it on start;
// writing (conf's atomic write under a file lock) is loaded only by the commands that change it.
import { join } from 'node:path';
import type { ConfigData } from './check.ts';
import { CONFIG_FILE, readConfigFile } from './file.ts';
import type { Env } from '../terminal/io.ts';
import { configDir } from './paths.ts';
import type { Profile, ProfileReader } from './settings.ts';

export class ProfileStore implements ProfileReader {
  readonly dir: string;
  readonly path: string;
  #data: ConfigData | undefined;
  #exists = false;

  /** Where a write says that it waits for another writer's lock (stderr). */
  readonly #notice: ((line: string) => void) | undefined;

  constructor(dir: string, notice?: (line: string) => void) {
    this.dir = dir;
    this.path = join(dir, CONFIG_FILE);
    this.#notice = notice;
  }

  get location(): { dir: string; path: string } {
    return { dir: this.dir, path: this.path };
  }

  static forEnv(env: Env, notice?: (line: string) => void): ProfileStore {
    return new ProfileStore(configDir(env), notice);
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
    const { data, result } = await writeLocked(this.dir, this.path, change, this.#notice);
    this.#data = data;
    this.#exists = true;
    return result;
  }
}
