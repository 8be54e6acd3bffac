// The gateway's batches, newest first, page after page until `limit`. The pages are untrusted: a
// cursor that comes back again, a page that claims more but holds nothing, or too many pages, ends
// the listing instead of looping on.
import type { Connected } from '../http/connect.ts';
import { invalidAnswer, isRecord, readBatch, type BatchView } from './objects.ts';

const MAX_PAGES = 100;

export async function listGatewayBatches(connected: Connected, limit: number, signal: AbortSignal | undefined): Promise<{ batch: BatchView; raw: unknown }[]> {
  const found: { batch: BatchView; raw: unknown }[] = [];
  const cursors = new Set<string>();
  const listed = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES && found.length < limit; page++) {
    const query: Record<string, string | number> = { limit: Math.min(100, limit - found.length) };
    if (after !== undefined) query['after'] = after;
    const answer: unknown = await connected.guard(connected.client.get('/batches', { query, signal }));
    if (!isRecord(answer) || !Array.isArray(answer['data'])) throw invalidAnswer('list of batches', connected.baseURL);
    const data = answer['data'] as unknown[];
    for (const raw of data) {
      const batch = readBatch(raw, connected.baseURL);
      // A page that repeats batches already listed adds nothing.
      if (found.length < limit && !listed.has(batch.id)) found.push({ batch, raw });
      listed.add(batch.id);
    }
    const last = data.length === 0 ? undefined : readBatch(data.at(-1), connected.baseURL).id;
    if (answer['has_more'] !== true || last === undefined || cursors.has(last)) break;
    cursors.add(last);
    after = last;
  }
  return found;
}
