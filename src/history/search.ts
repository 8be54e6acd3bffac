// history search <words>: entries whose id, model, prompt or answer hold every word (any case).
import type { HistoryEntry } from './store.ts';

export function matchesWords(entry: HistoryEntry, words: readonly string[]): boolean {
  const haystack = [entry.id, entry.model, entry.requested_model ?? '', entry.resolved_model ?? '', entry.profile ?? '', entry.provider ?? '', entry.prompt, entry.answer ?? '']
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word.toLowerCase()));
}
