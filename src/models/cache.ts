// The model list, kept a short while per profile so completion and suggestions need no request.
// One small JSON file per profile in the state folder (0700), written whole (0600) then renamed.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stateDir } from '../config/paths.ts';
import type { Env } from '../terminal/io.ts';
import { parseModelList, type ModelList } from './list.ts';

/** Long enough for a session of TABs, short enough that a new model shows up the same day. */
export const CACHE_TTL_MS = 10 * 60 * 1000;

interface CacheFile {
  fetched_at: number;
  base_url: string;
  list: ModelList;
}

export function cachePath(env: Env, profile: string | undefined): string {
  // A profile name is letters, digits, ".", "_" and "-" (config/check.ts); none means flags and environment.
  return join(stateDir(env), `models-${profile ?? '-'}.json`);
}

/** The cached list for this profile and base URL, if fresh; anything unreadable is simply no cache. */
export async function readCache(path: string, baseURL: string, now: number, ttlMs = CACHE_TTL_MS): Promise<ModelList | undefined> {
  try {
    const file = JSON.parse(await readFile(path, 'utf8')) as Partial<CacheFile>;
    if (file.base_url !== baseURL || typeof file.fetched_at !== 'number') return undefined;
    if (now - file.fetched_at > ttlMs || now < file.fetched_at) return undefined;
    return parseModelList(file.list);
  } catch {
    return undefined;
  }
}

export async function writeCache(path: string, baseURL: string, list: ModelList, now: number): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, JSON.stringify({ fetched_at: now, base_url: baseURL, list } satisfies CacheFile), { mode: 0o600 });
  await rename(temporary, path);
}
