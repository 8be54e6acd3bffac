// The history as commands use it: where it is, whether it records, and warnings instead of failures.
import {
  appendEvent,
  createEvent,
  historyEnabled,
  historyPath,
  answerPreview,
  promptPreview,
  safeBaseURL,
  usageOf,
  statusEvent,
  type HistoryEntry,
  type HistoryEvent,
} from './store.ts';
import type { OnCorrupt } from './read.ts';
import { outputText, type ResponseLike } from '../output/render.ts';
import type { Settings } from '../config/settings.ts';
import type { CommonOptions } from '../spec/common.ts';
import type { CommandDeps } from '../spec/deps.ts';
import { warner, type Warn } from '../terminal/notices.ts';

export interface LocalHistory {
  path: string;
  /** False when recording is off (TFY_LLM_HISTORY=off or `config set history off`). */
  enabled: boolean;
  /** Skips an unreadable line; warns once per command, not once per line. */
  onCorrupt: OnCorrupt;
  warn: Warn;
  /** Records a created response; does nothing when off or when the response has no id. */
  recordCreated(response: ResponseLike, facts: CreatedFacts): Promise<void>;
  /** Records a newer status (or `deleted`) for a response the history knows; `known` is what it says now. */
  noteStatus(known: Pick<HistoryEntry, 'id' | 'status'> | undefined, status: string | null | undefined, ended?: { response: ResponseLike; secrets: readonly string[] }): Promise<void>;
}

export interface CreatedFacts {
  /** When the request was sent (deps.now()), so recording costs no extra clock read. */
  sentAt: number;
  settings: Settings;
  baseURL: string;
  provider: string | undefined;
  model: string;
  prompt: string;
  /** Masked out of the prompt preview should the prompt contain them. */
  secrets: readonly string[];
  /** The gateway's x-tfy-resolved-model, when it sent one. */
  resolvedModel?: string | undefined;
  /** When the answer was complete (deps.now()); the duration is from sentAt to this. */
  doneAt?: number | undefined;
}

export function openHistory(opts: CommonOptions, deps: CommandDeps): LocalHistory {
  const { io } = deps;
  const path = historyPath(io.env);
  const enabled = historyEnabled(io.env, deps.profiles);
  const warn = warner(opts, deps);
  let corruptSeen = false;
  const onCorrupt: OnCorrupt = () => {
    if (corruptSeen) return;
    corruptSeen = true;
    warn(`skipped an unreadable line in ${path}`);
  };
  // The response was made; failing to note it down must not turn that into an error.
  const append = async (event: HistoryEvent): Promise<void> => {
    if (!enabled) return;
    try {
      await appendEvent(path, event);
    } catch (err) {
      warn(`could not write the history (${path}): ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  return {
    path,
    enabled,
    onCorrupt,
    warn,
    async recordCreated(response, facts) {
      if (typeof response.id !== 'string' || response.id === '') return;
      await append(createEvent({
        id: response.id,
        time: new Date(facts.sentAt).toISOString(),
        profile: facts.settings.profile?.value ?? null,
        base_url: safeBaseURL(facts.baseURL),
        provider: facts.provider ?? null,
        model: typeof response.model === 'string' && response.model !== '' ? response.model : facts.model,
        status: response.status ?? 'unknown',
        stored: (response as { store?: unknown }).store !== false,
        prompt: promptPreview(facts.prompt, facts.secrets),
        requested_model: facts.model,
        ...(facts.resolvedModel ? { resolved_model: facts.resolvedModel } : {}),
        ...optional('usage', usageOf(response.usage)),
        ...(facts.doneAt === undefined ? {} : { duration_ms: Math.max(0, facts.doneAt - facts.sentAt) }),
        ...optional('answer', answerOf(response, facts.secrets)),
      }));
    },
    async noteStatus(known, status, ended) {
      if (!known || !status || known.status === status) return;
      // A response that ended after it was recorded (a background one) says only now what it used.
      const facts = ended ? { usage: usageOf(ended.response.usage), answer: answerOf(ended.response, ended.secrets) } : {};
      await append(statusEvent(known.id, status, deps.now(), facts));
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** The answer's first line; a response whose output cannot be read has none (it is untrusted input). */
function answerOf(response: ResponseLike, secrets: readonly string[]): string | undefined {
  try {
    const line = answerPreview(outputText(response), secrets);
    return line === '' ? undefined : line;
  } catch {
    return undefined;
  }
}
