// /save in a thread that started from a stored response (--resume, --continue): its earlier turns are
// on the gateway, not in this session. Walked back with retrieve (the answer, and the response before)
// and input-items (the message), up to a limit.
import type { Connected } from '../http/connect.ts';
import { fetchStored } from '../http/wait.ts';
import { outputText } from '../output/render.ts';

export interface EarlierTurn {
  id: string;
  text: string;
  model: string;
  answer: string;
}

export interface Earlier {
  turns: EarlierTurn[];
  /** The response before the oldest one fetched, when the limit stopped the walk. */
  before: string | undefined;
}

/** Enough for a long conversation, and a bound on the requests one /save makes. */
export const EARLIER_LIMIT = 50;

export async function earlierTurns(connected: Connected, from: string, signal: AbortSignal | undefined, limit = EARLIER_LIMIT): Promise<Earlier> {
  const { client, guard } = connected;
  const turns: EarlierTurn[] = [];
  let id: string | undefined = from;
  while (id !== undefined && turns.length < limit) {
    const { response } = await fetchStored(client, guard, id, signal);
    // Newest first: the message of this turn is the last user item, whether or not the gateway lists the ones before it.
    const page = await guard(client.responses.inputItems.list(id, { order: 'desc', limit: 20 }, { signal }));
    turns.unshift({ id, text: lastUserText(page.data), model: typeof response.model === 'string' ? response.model : '', answer: outputText(response) });
    const previous: unknown = response.previous_response_id;
    id = typeof previous === 'string' && previous !== '' ? previous : undefined;
  }
  return { turns, before: id };
}

function lastUserText(items: readonly unknown[]): string {
  for (const item of items) {
    const { role, content } = (item ?? {}) as { role?: unknown; content?: unknown };
    if (role !== 'user') continue;
    if (typeof content === 'string') return content;
    if (!Array.isArray(content)) continue;
    return content
      .map((part: unknown) => (part as { type?: unknown; text?: unknown }))
      .filter((part) => part.type === 'input_text' && typeof part.text === 'string')
      .map((part) => part.text as string)
      .join('\n');
  }
  return '';
}
