import { randomBytes } from 'node:crypto';

/** An id like the real API's: a prefix, '_' and 24 random hex digits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
