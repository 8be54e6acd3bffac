// The local record of created responses: an append-only JSON Lines file beside the config file.
//
// Why append-only: two `create`s at once must both be kept. Each event is one line written with one
// O_APPEND write, which the kernel places at the end of the file whole, so concurrent writers never
// interleave or overwrite each other. Later facts (a status seen by retrieve, a delete) are new events,
// never rewrites, and readers fold them in reading from the end (history-read.ts). A plain `create`
// only appends: it never reads the file, so its cost does not grow with the history.
import { appendFile, mkdir, readFile, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { configDir } from '../config/paths.ts';
import type { Env } from '../terminal/io.ts';
import { scrub } from '../terminal/redact.ts';
import type { ProfileReader } from '../config/settings.ts';

export const HISTORY_FILE = 'history.jsonl';
/** Enough to recognise a prompt; the history is not a transcript. */
export const PREVIEW_CHARS = 80;

/** One created response, as `history --json` shows it (status folded to the newest known). */
export interface HistoryEntry {
  id: string;
  /** ISO 8601, UTC. */
  time: string;
  /** The profile it was created with; null when settings came from flags and environment only. */
  profile: string | null;
  base_url: string;
  provider: string | null;
  model: string;
  /** The status when created, or the newest one seen since; `deleted` once deleted from here. */
  status: string;
  /** False for `store: false`: the gateway kept nothing to retrieve or continue from. */
  stored: boolean;
  prompt: string;
  /**
   * Since the usage record (all optional: older lines lack them and read as they always did).
   * The model as asked for (after the provider was put in front), the one the gateway says it routed
   * to (x-tfy-resolved-model), the tokens, the time from sending to the end, and the answer's first line.
   */
  requested_model?: string | undefined;
  resolved_model?: string | undefined;
  usage?: Usage | undefined;
  duration_ms?: number | undefined;
  answer?: string | undefined;
}

/** Tokens of one response, as the API counts them (reasoning within output, cached within input). */
export interface Usage {
  input: number;
  output: number;
  reasoning?: number | undefined;
  cached?: number | undefined;
}

export type CreateEvent = { v: 1; event: 'create' } & HistoryEntry;
export interface StatusEvent {
  v: 1;
  event: 'status';
  id: string;
  time: string;
  status: string;
  /** A background response's usage and answer, known only when it ends (optional, like the create's). */
  usage?: Usage | undefined;
  answer?: string | undefined;
}
export type HistoryEvent = CreateEvent | StatusEvent;

export function historyPath(env: Env): string {
  return join(configDir(env), HISTORY_FILE);
}

/** Off with TFY_LLM_HISTORY=off (or 0/false) or the global `history off` setting. */
export function historyEnabled(env: Env, profiles: ProfileReader | undefined): boolean {
  const fromEnv = env.TFY_LLM_HISTORY?.trim().toLowerCase();
  if (fromEnv === 'off' || fromEnv === '0' || fromEnv === 'false') return false;
  return profiles?.globalSetting?.('history') !== 'off';
}

/** The usage of a response, from fields that are numbers; a response that says nothing gives nothing. */
export function usageOf(usage: unknown): Usage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
  const u = usage as Record<string, unknown>;
  const input = count(u.input_tokens);
  const output = count(u.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  const details = (value: unknown, field: string) => (value && typeof value === 'object' ? count((value as Record<string, unknown>)[field]) : undefined);
  const reasoning = details(u.output_tokens_details, 'reasoning_tokens');
  const cached = details(u.input_tokens_details, 'cached_tokens');
  return { input: input ?? 0, output: output ?? 0, ...(reasoning ? { reasoning } : {}), ...(cached ? { cached } : {}) };
}

/** A short one-line preview, with any known secret masked. */
export function promptPreview(prompt: string, secrets: readonly string[] = []): string {
  const line = scrub(prompt, secrets).replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}

/** The first non-empty line of an answer, as short as a prompt preview, any known secret masked. */
export function answerPreview(text: string, secrets: readonly string[] = []): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const line = scrub(first, secrets).replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}

/** The base URL without anything that could be a credential: user info, query, fragment. */
export function safeBaseURL(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return '';
  }
}

export async function appendEvent(path: string, event: HistoryEvent): Promise<void> {
  const line = `${JSON.stringify(event)}\n`;
  try {
    await appendFile(path, line, { mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // First use: make the private folder, then try once more.
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await appendFile(path, line, { mode: 0o600 });
  }
}

export function createEvent(entry: HistoryEntry): CreateEvent {
  return { v: 1, event: 'create', ...entry };
}

export function statusEvent(id: string, status: string, now: number, ended: Pick<StatusEvent, 'usage' | 'answer'> = {}): StatusEvent {
  return {
    v: 1,
    event: 'status',
    id,
    time: new Date(now).toISOString(),
    status,
    ...(ended.usage ? { usage: ended.usage } : {}),
    ...(ended.answer ? { answer: ended.answer } : {}),
  };
}

/** Empties the file in place: writers that have it open keep appending to the same (now empty) file. */
export async function clearHistory(path: string): Promise<boolean> {
  try {
    await truncate(path, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** How many entries the history holds (its complete lines), without parsing them; 0 when there is no file. */
export async function countEntries(path: string): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let count = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) count += 1;
  return count;
}
