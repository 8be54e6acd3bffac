// Reads the history from its end, newest first, a chunk at a time, stopping as soon as it has found
// what it needs: `last` and a recently used id cost one small read whatever the file's size.
import { open } from 'node:fs/promises';
import type { CreateEvent, HistoryEntry, HistoryEvent, StatusEvent } from './store.ts';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** Called once per line that is not a history event; the line is skipped. */
export type OnCorrupt = (line: string) => void;

/** The file's lines, last first. A missing file has none. */
export async function* linesBackwards(path: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<string> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    let position = (await file.stat()).size;
    // The start of a line whose beginning is in a chunk not read yet.
    let carry = Buffer.alloc(0);
    while (position > 0) {
      const length = Math.min(chunkBytes, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await file.read(chunk, 0, length, position);
      const buffer = carry.length === 0 ? chunk : Buffer.concat([chunk, carry]);
      let end = buffer.length;
      let newline = end > 0 ? buffer.lastIndexOf(NEWLINE, end - 1) : -1;
      while (newline !== -1) {
        if (newline + 1 < end) yield buffer.toString('utf8', newline + 1, end);
        end = newline;
        newline = end > 0 ? buffer.lastIndexOf(NEWLINE, end - 1) : -1;
      }
      carry = buffer.subarray(0, end);
    }
    if (carry.length > 0) yield carry.toString('utf8');
  } finally {
    await file.close();
  }
}

/**
 * Parsed events, newest first; blank lines are ignored and anything unreadable goes to onCorrupt.
 * With `mentioning`, lines without that text are passed over unparsed: a look-up by id stays cheap.
 */
export async function* eventsBackwards(path: string, onCorrupt: OnCorrupt, mentioning?: string): AsyncGenerator<HistoryEvent> {
  for await (const line of linesBackwards(path)) {
    if (line.trim() === '' || (mentioning !== undefined && !line.includes(mentioning))) continue;
    const event = parseEvent(line);
    if (event) {
      yield event;
      continue;
    }
    onCorrupt(line);
    // A write cut short (a crash, a full disk) leaves a line with no newline, and the next event is
    // appended onto it: the torn part is lost, but the whole event after it is kept.
    const tail = line.lastIndexOf('{"v":');
    const salvaged = tail > 0 ? parseEvent(line.slice(tail)) : undefined;
    if (salvaged) yield salvaged;
  }
}

function parseEvent(line: string): HistoryEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const event = value as Partial<Omit<CreateEvent, 'event'>> & { event?: unknown };
  if (typeof event.id !== 'string' || typeof event.status !== 'string' || typeof event.time !== 'string') return undefined;
  if (event.event === 'status') return value as HistoryEvent;
  if (event.event === 'create' && typeof event.model === 'string') return value as HistoryEvent;
  return undefined;
}

/**
 * Created responses, newest first, each with the newest status recorded for it. Status events
 * always follow their create event in the file, so reading backwards meets them first.
 */
export async function* entriesBackwards(path: string, onCorrupt: OnCorrupt, mentioning?: string): AsyncGenerator<HistoryEntry> {
  const newestStatus = new Map<string, string>();
  // What a background response used, told by the status event that saw it end.
  const ended = new Map<string, Pick<StatusEvent, 'usage' | 'answer'>>();
  for await (const event of eventsBackwards(path, onCorrupt, mentioning)) {
    if (event.event === 'status') {
      if (!newestStatus.has(event.id)) newestStatus.set(event.id, event.status);
      if (!ended.has(event.id) && (event.usage || event.answer)) ended.set(event.id, { usage: event.usage, answer: event.answer });
      continue;
    }
    const { v: _v, event: _event, ...entry } = event;
    const later = ended.get(entry.id);
    yield {
      ...entry,
      profile: entry.profile ?? null,
      provider: entry.provider ?? null,
      stored: entry.stored !== false,
      status: newestStatus.get(entry.id) ?? entry.status,
      ...(entry.usage === undefined && later?.usage ? { usage: later.usage } : {}),
      ...(entry.answer === undefined && later?.answer ? { answer: later.answer } : {}),
    };
  }
}

async function findEntry(path: string, onCorrupt: OnCorrupt, matches: (entry: HistoryEntry) => boolean, mentioning?: string): Promise<HistoryEntry | undefined> {
  for await (const entry of entriesBackwards(path, onCorrupt, mentioning)) {
    if (matches(entry)) return entry;
  }
  return undefined;
}

/** The newest response of this profile that the gateway still keeps: what `last` and `--continue` mean. */
export function findLast(path: string, profile: string | null, onCorrupt: OnCorrupt): Promise<HistoryEntry | undefined> {
  return findEntry(path, onCorrupt, (entry) => entry.profile === profile && entry.stored && entry.status !== 'deleted');
}

export function findById(path: string, id: string, onCorrupt: OnCorrupt): Promise<HistoryEntry | undefined> {
  return findEntry(path, onCorrupt, (entry) => entry.id === id, `"${id}"`);
}

/** Up to `limit` entries, newest first, optionally of one profile. */
export async function listEntries(path: string, limit: number, onCorrupt: OnCorrupt, profile?: string | null): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  if (limit <= 0) return entries;
  for await (const entry of entriesBackwards(path, onCorrupt)) {
    if (profile !== undefined && entry.profile !== profile) continue;
    entries.push(entry);
    if (entries.length >= limit) break;
  }
  return entries;
}
