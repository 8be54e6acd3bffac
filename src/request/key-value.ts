// `key=value` flags (--metadata, --tfy-metadata): split at the first `=`; a later repeat of a key wins.

export function keyValues(values: readonly string[] | undefined): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const raw of values ?? []) {
    const eq = raw.indexOf('=');
    // Commander's parser already refused values without `key=`; be safe anyway.
    const key = eq > 0 ? raw.slice(0, eq).trim() : raw.trim();
    pairs.set(key, eq > 0 ? raw.slice(eq + 1) : '');
  }
  return pairs;
}
