// What the completion scripts ask tfy-llm for at TAB time. Each prints one word a line and nothing
// at all on any trouble: an error must never spill into the user's prompt.
import { listEntries } from '../history/read.ts';
import { historyPath } from '../history/store.ts';
import { resolveSettings } from '../config/settings.ts';
import type { CommandDeps } from '../spec/deps.ts';

/** How many recent ids are offered after retrieve, delete, cancel and input-items. */
const RECENT_IDS = 20;
/** The one request a TAB may make (only when there is no cached list), bounded so the shell never hangs. */
const TAB_REQUEST_SECONDS = 1;

export async function listIds(deps: CommandDeps): Promise<string[]> {
  const entries = await listEntries(historyPath(deps.io.env), RECENT_IDS * 3, () => undefined);
  const ids = entries.filter((entry) => entry.stored && entry.status !== 'deleted').map((entry) => entry.id);
  return ['last', ...new Set(ids.slice(0, RECENT_IDS))];
}

export async function listModels(profile: string | undefined, deps: CommandDeps): Promise<string[]> {
  const [{ loadModels }, { fullId }] = await Promise.all([import('../models/load.ts'), import('../models/list.ts')]);
  const settings = resolveSettings({ profile }, deps.io.env, deps.profiles);
  // An api-key-command may ask for a password or take its time: at TAB time, only the cache then.
  const cacheOnly = settings.apiKey?.value.kind === 'command';
  const loaded = await loadModels(settings, { timeout: TAB_REQUEST_SECONDS, maxRetries: 0 }, deps, { cacheOnly });
  return loaded?.list.data.map(fullId) ?? [];
}
