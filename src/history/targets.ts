// Which response each id argument names, and which provider to ask for it (cli-spec: Provider routing).
import { UsageError } from '../errors/errors.ts';
import { findById, findLast } from './read.ts';
import { safeBaseURL, type HistoryEntry } from './store.ts';
import { parseResponseRef, type ResponseRef } from '../request/response-id.ts';
import type { Settings } from '../config/settings.ts';
import type { LocalHistory } from './local.ts';

export interface Target {
  id: string;
  /** The x-tfy-provider-name to send. */
  provider: string;
  /** What the history knows of it, if anything. */
  entry: HistoryEntry | undefined;
}

/**
 * Every id is checked before any is looked up, and every target is resolved before anything is
 * sent, so one bad argument sends nothing. The provider: --provider, else the one recorded for
 * that id, else the environment's or profile's; stored responses live with the provider that made them.
 */
export async function resolveTargets(rawIds: readonly string[], settings: Settings, history: LocalHistory, baseURL: string): Promise<Target[]> {
  const refs = rawIds.map(parseResponseRef);
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const entry = await lookUp(ref, settings, history);
    const id = ref.kind === 'id' ? ref.id : (entry as HistoryEntry).id;
    // `delete last resp_x` where last is resp_x: one request, not a second one bound to 404.
    if (seen.has(id)) continue;
    seen.add(id);
    targets.push({ id, provider: providerFor(id, entry, settings), entry });
    if (entry && entry.base_url && entry.base_url !== safeBaseURL(baseURL)) {
      history.warn(`${id} was created through ${entry.base_url}; this request goes to ${safeBaseURL(baseURL)}`);
    }
  }
  return targets;
}

async function lookUp(ref: ResponseRef, settings: Settings, history: LocalHistory): Promise<HistoryEntry | undefined> {
  if (ref.kind === 'last') return resolveLast(settings, history);
  try {
    return await findById(history.path, ref.id, history.onCorrupt);
  } catch (err) {
    // The history only helps here: an unreadable one must not stop a request that names its id.
    history.warn(`could not read the history (${history.path}): ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return undefined;
  }
}

/** The newest response of the current profile that is still stored: `last` and `--continue`. */
export async function resolveLast(settings: Settings, history: LocalHistory, asked: 'last' | '--continue' = 'last'): Promise<HistoryEntry> {
  const what = asked === 'last' ? '"last"' : '--continue';
  if (!history.enabled) {
    throw new UsageError(`${what} needs the history, and it is off`, {
      hint: 'pass the response id instead, or turn the history on (unset TFY_LLM_HISTORY; tfy-llm config set history on)',
    });
  }
  const profile = settings.profile?.value ?? null;
  const entry = await findLast(history.path, profile, history.onCorrupt);
  if (!entry) {
    const whose = profile === null ? 'without a profile' : `with profile "${profile}"`;
    if (asked === '--continue') {
      throw new UsageError(`--continue has nothing to continue: the history holds no stored response created ${whose}`, {
        hint: 'start the conversation without --continue, or follow a response by its id with --previous <id>',
      });
    }
    throw new UsageError(`no stored response created ${whose} in the history, so "last" means nothing yet`, {
      hint: 'create one first, or pass an id (tfy-llm history lists them)',
    });
  }
  return entry;
}

function providerFor(id: string, entry: HistoryEntry | undefined, settings: Settings): string {
  const configured = settings.provider;
  if (configured?.source === 'flag') return configured.value;
  const provider = entry?.provider ?? configured?.value;
  if (!provider) {
    throw new UsageError(`no provider to ask for ${id}: it is not in the local history and none is configured`, {
      hint: 'pass --provider <name> (the provider that created it), or set TFY_LLM_PROVIDER',
    });
  }
  return provider;
}
