// What a provider account holds, kept apart from every other account's (a stored response or file is
// only visible to requests that name the provider that made it).

/** The provider's own map in `byProvider`, made empty on first use. */
export function providerEntries<V>(byProvider: Map<string, Map<string, V>>, provider: string): Map<string, V> {
  let entries = byProvider.get(provider);
  if (!entries) {
    entries = new Map();
    byProvider.set(provider, entries);
  }
  return entries;
}
