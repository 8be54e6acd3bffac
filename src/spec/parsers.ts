// Commander argument parsers: syntax only; meaning is checked by each command.
import { InvalidArgumentError } from 'commander';

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(n > 0)) throw new InvalidArgumentError('expected a number of seconds greater than 0');
  return n;
}

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number (0, 1, 2, …)');
  return Number(value);
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
