// Commander argument parsers: syntax only; meaning is checked by each command.
import { InvalidArgumentError } from 'commander';

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The longest --timeout: a day. Node's timers hold at most 2^31−1 ms (~24.8 days) and fire at once
 * past that, so a limit must be checked here, not left to the timer; no request needs more than a day.
 */
export const MAX_TIMEOUT_SECONDS = 86_400;

export function positiveSeconds(value: string): number {
  const n = Number(value);
  // Under a millisecond would round to a timer of 0.
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(n >= 0.001) || n > MAX_TIMEOUT_SECONDS) {
    throw new InvalidArgumentError(`expected a number of seconds greater than 0, at most ${MAX_TIMEOUT_SECONDS} (a day)`);
  }
  return n;
}

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number (0, 1, 2, …)');
  return Number(value);
}

/** A count of things to show or take: 0 would ask for nothing, so it is refused rather than obeyed silently. */
export function positiveWhole(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return Number(value);
}

/** The most retries worth asking for: each waits its backoff, and the SDK's own wait grows with the count. */
export const MAX_RETRIES = 100;

export function retryCount(value: string): number {
  const n = wholeNumber(value);
  if (n > MAX_RETRIES) throw new InvalidArgumentError(`expected a whole number (0, 1, 2, …) up to ${MAX_RETRIES}`);
  return n;
}

/** Any decimal number; whether it is in range is the command's business, so every bad range is reported at once. */
export function decimalNumber(value: string): number {
  if (!/^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) throw new InvalidArgumentError('expected a number');
  return Number(value);
}

/** `key=value`, repeatable; the value may be empty or contain `=`. */
export function collectKeyValue(value: string, previous: string[] | undefined): string[] {
  if (!/^[^=]+=/.test(value)) throw new InvalidArgumentError('expected key=value');
  return collect(value, previous);
}

/** An -i or -f value and its place on the command line, so attachments keep the order they were given in. */
export interface Attachment {
  ref: string;
  position: number;
}

/** A collector for several options that share one running position counter (one per parse). */
export function orderedCollector(): (value: string, previous: Attachment[] | undefined) => Attachment[] {
  let position = 0;
  return (ref, previous) => [...(previous ?? []), { ref, position: position++ }];
}

/** A whole number of at least 1. */
export function positiveWholeNumber(value: string): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return Number(value);
}
