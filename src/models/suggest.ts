// The closest names to a mistyped one: edit distance, nothing cleverer.

/** Levenshtein distance, capped: past `max` the exact figure does not matter. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Up to `count` candidates near `wanted`, nearest first: within a third of its length (at least 2
 * edits), or containing it / contained in it (a bare `gpt-4o` finds `my-openai/gpt-4o`).
 */
export function closest(wanted: string, candidates: readonly string[], count = 3): string[] {
  const target = wanted.toLowerCase();
  const max = Math.max(2, Math.floor(target.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(candidates)) {
    const lower = name.toLowerCase();
    if (lower === target) continue;
    const tail = lower.slice(lower.indexOf('/') + 1);
    let score = Math.min(editDistance(target, lower, max), editDistance(target, tail, max) + 0.5);
    if (score > max && (lower.endsWith(`/${target}`) || (target.length >= 3 && lower.includes(target)))) score = max;
    if (score <= max) scored.push({ name, score });
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, count).map((s) => s.name);
}
