// The model list for a command: from the cache when fresh, else GET /models through the openai client.
import { CliError } from '../errors/errors.ts';
import { requireConnection, type Settings } from '../config/settings.ts';
import { connect } from '../http/connect.ts';
import type { CommandDeps } from '../spec/deps.ts';
import type { CommonOptions } from '../spec/common.ts';
import { cachePath, readCache, writeCache } from './cache.ts';
import { parseModelList, type ModelList } from './list.ts';

export interface Loaded {
  list: ModelList;
  /** The body as the gateway sent it (for --json), when it was fetched now. */
  raw?: string | undefined;
  fromCache: boolean;
}

export interface LoadOptions {
  /** Ask the gateway even when the cache is fresh. */
  refresh?: boolean;
  /** Only the cache: never a request (completion while the cache is fresh, suggestions after a failure). */
  cacheOnly?: boolean;
}

/** Where this profile's list is cached, and the base URL it belongs to. */
export function cacheFor(settings: Settings, deps: CommandDeps): { path: string; baseURL: string } | undefined {
  if (!settings.baseURL) return undefined;
  return { path: cachePath(deps.io.env, settings.profile?.value), baseURL: settings.baseURL.value };
}

export async function loadModels(settings: Settings, opts: CommonOptions, deps: CommandDeps, how: LoadOptions = {}): Promise<Loaded | undefined> {
  const cache = cacheFor(settings, deps);
  // --dry-run shows the request and touches nothing, the cache included.
  if (cache && !how.refresh && !opts.dryRun) {
    const list = await readCache(cache.path, cache.baseURL, deps.now());
    if (list) return { list, fromCache: true };
  }
  if (how.cacheOnly) return undefined;
  const connection = requireConnection(settings);
  const { client, guard } = await connect(connection, settings, undefined, opts, deps);
  const http = await guard(client.models.list({ signal: deps.signal }).asResponse());
  const raw = await guard(http.text());
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  const list = parseModelList(body);
  if (!list) {
    throw new CliError(`GET /models did not answer with a list of models`, { hint: `check the base URL (${connection.baseURL})`, type: 'invalid_response' });
  }
  if (cache) {
    // A cache that cannot be written only costs the next TAB a request.
    await writeCache(cache.path, cache.baseURL, list, deps.now()).catch(() => undefined);
  }
  return { list, raw, fromCache: false };
}
