// Following a list's pages (input-items) without trusting the server to end them: a cursor that
// repeats, an empty page that promises more, or a list without end stops with an error, not a loop.
import { CliError } from '../errors/errors.ts';

/** The API's largest page: fewest round trips. */
export const PAGE_SIZE = 100;
/** No response has more input items than this; a list that goes on past it is a server going round in circles. */
export const MAX_INPUT_ITEMS = 100_000;

export interface Page {
  /** Untrusted: checked to be an array. */
  data: unknown;
  has_more?: unknown;
}

/**
 * Every item, oldest first: at most `asked` (--limit), or all of them up to MAX_INPUT_ITEMS (past which it is an error). `list(after, size)` fetches the
 * page after the cursor (the previous page's last item id). A fault names how many items came before it.
 */
export async function allItems(list: (after: string | undefined, size: number) => Promise<Page>, asked?: number): Promise<unknown[]> {
  const limit = asked ?? MAX_INPUT_ITEMS;
  const items: unknown[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await list(after, Math.min(PAGE_SIZE, limit - items.length));
    if (!Array.isArray(page.data)) throw badList(`a page without a "data" list`, items.length);
    items.push(...page.data.slice(0, limit - items.length));
    if (page.has_more !== true || (items.length >= limit && asked !== undefined)) return items;
    // Without --limit, "all of them" must not quietly become the first 100 000.
    if (items.length >= limit) throw badList(`more than ${MAX_INPUT_ITEMS} items, more than any response has`, items.length);
    if (page.data.length === 0) throw badList('an empty page that says more follow ("has_more": true)', items.length);
    const last: unknown = page.data.at(-1);
    const cursor = last && typeof last === 'object' ? (last as { id?: unknown }).id : undefined;
    if (typeof cursor !== 'string' || cursor === '') throw badList('a page whose last item has no id to continue from', items.length);
    if (seen.has(cursor)) throw badList(`the page after ${cursor.slice(0, 80)} again (the list goes round in circles)`, items.length);
    seen.add(cursor);
    after = cursor;
  }
}

function badList(what: string, count: number): CliError {
  return new CliError(`the gateway sent ${what}, so tfy-llm stopped after ${count} item${count === 1 ? '' : 's'}`, {
    type: 'invalid_response',
    hint: 'take fewer with --limit <n>; the gateway\'s list is broken past that point',
  });
}
