// Stored responses, kept per provider: like the real gateway, a response is
// only visible to requests that name the provider that created it.
import { pendingCopy } from './responses.ts';
import { providerEntries } from './per-provider.ts';
import type { InputItem, ResponseObject } from './types.ts';

interface Entry {
  response: ResponseObject;
  items: InputItem[];
  /** A background response's finished form, revealed after enough polls. */
  pending?: ResponseObject;
  polls: number;
}

export class ResponseStore {
  readonly #byProvider = new Map<string, Map<string, Entry>>();
  readonly #backgroundPolls: number;

  constructor(backgroundPolls: number) {
    this.#backgroundPolls = backgroundPolls;
  }

  save(provider: string, response: ResponseObject, items: InputItem[]): void {
    this.#entries(provider).set(response.id, { response, items, polls: 0 });
  }

  /** Stores a background response as queued; `finished` is what it becomes. */
  saveBackground(provider: string, finished: ResponseObject, items: InputItem[]): ResponseObject {
    const response = pendingCopy(finished, 'queued');
    this.#entries(provider).set(finished.id, { response, items, pending: finished, polls: 0 });
    return response;
  }

  has(provider: string, id: string): boolean {
    return this.#entries(provider).has(id);
  }

  /** The response as a GET sees it; each GET moves a background response one step on. */
  retrieve(provider: string, id: string): ResponseObject | undefined {
    const entry = this.#entries(provider).get(id);
    if (!entry) return undefined;
    if (entry.pending) {
      entry.polls += 1;
      if (entry.polls >= this.#backgroundPolls) {
        entry.response = entry.pending;
        delete entry.pending;
      } else {
        entry.response = pendingCopy(entry.response, 'in_progress');
      }
    }
    return entry.response;
  }

  /**
   * Cancels a background response that has not finished. Returns the
   * response, 'not-running' when it has already finished, or undefined.
   */
  cancel(provider: string, id: string): ResponseObject | 'not-running' | undefined {
    const entry = this.#entries(provider).get(id);
    if (!entry) return undefined;
    // Cancelling twice is harmless, as in the real API.
    if (entry.response.status === 'cancelled') return entry.response;
    if (!entry.pending) return 'not-running';
    delete entry.pending;
    entry.response = pendingCopy(entry.response, 'cancelled');
    return entry.response;
  }

  delete(provider: string, id: string): boolean {
    return this.#entries(provider).delete(id);
  }

  /** Which turn of its conversation a response is: 1, or one more than the response it follows. */
  turnOf(provider: string, id: string): number {
    let turn = 1;
    const seen = new Set<string>();
    let previous = this.#entries(provider).get(id)?.response.previous_response_id;
    // The store only holds chains it made, but a loop must never hang the demo.
    while (typeof previous === 'string' && !seen.has(previous)) {
      seen.add(previous);
      turn += 1;
      previous = this.#entries(provider).get(previous)?.response.previous_response_id;
    }
    return turn;
  }

  inputItems(provider: string, id: string): InputItem[] | undefined {
    return this.#entries(provider).get(id)?.items;
  }

  /** A snapshot of one provider's responses, by id. */
  responses(provider: string): Map<string, unknown> {
    return new Map([...this.#entries(provider)].map(([id, entry]) => [id, entry.response]));
  }

  #entries(provider: string): Map<string, Entry> {
    return providerEntries(this.#byProvider, provider);
  }
}
