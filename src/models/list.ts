// The gateway's model list (GET /models) as the CLI uses it: ids, their provider account, prices.

/** One entry of the API's list; gateways add fields of their own, which are kept as they came. */
export interface ModelEntry {
  id: string;
  owned_by?: string | undefined;
  /** USD per million tokens, when the gateway says (never guessed). */
  pricing?: { input?: number | undefined; output?: number | undefined } | undefined;
  [field: string]: unknown;
}

export interface ModelList {
  object?: string;
  data: ModelEntry[];
  [field: string]: unknown;
}

/** The body of GET /models, checked: anything that is not a list of ids is refused by the caller. */
export function parseModelList(value: unknown): ModelList | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const data = (value as { data?: unknown }).data;
  if (!Array.isArray(data)) return undefined;
  const entries = data.filter((entry): entry is ModelEntry => !!entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' && (entry as { id: string }).id !== '');
  return { ...(value as object), data: entries };
}

/** The provider account a model is served through: its id's `provider/` prefix, else `owned_by`. */
export function providerOf(entry: ModelEntry): string {
  const slash = entry.id.indexOf('/');
  if (slash > 0) return entry.id.slice(0, slash);
  return typeof entry.owned_by === 'string' && entry.owned_by !== '' ? entry.owned_by : '-';
}

/** The name a user passes with -m: `provider/model`. */
export function fullId(entry: ModelEntry): string {
  const slash = entry.id.indexOf('/');
  const provider = providerOf(entry);
  return slash > 0 || provider === '-' ? entry.id : `${provider}/${entry.id}`;
}

/** The entries a filter word (a case-insensitive substring) and --provider leave. */
export function filterModels(list: ModelList, filter: string | undefined, provider: string | undefined): ModelList {
  const word = filter?.toLowerCase();
  const data = list.data.filter((entry) => (provider === undefined || providerOf(entry) === provider) && (word === undefined || fullId(entry).toLowerCase().includes(word)));
  return { ...list, data };
}

/** Per provider account, in the order the gateway listed them. */
export function groupByProvider(entries: readonly ModelEntry[]): Map<string, ModelEntry[]> {
  const groups = new Map<string, ModelEntry[]>();
  for (const entry of entries) {
    const provider = providerOf(entry);
    const group = groups.get(provider) ?? [];
    group.push(entry);
    groups.set(provider, group);
  }
  return groups;
}

/** A price the gateway gave, as a number, or undefined: a missing price is never made up. */
export function priceOf(entry: ModelEntry | undefined, kind: 'input' | 'output'): number | undefined {
  const value = entry?.pricing?.[kind];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
