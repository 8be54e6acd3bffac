// What counts as a response id on the command line, checked before anything is sent.
import { UsageError } from '../errors/errors.ts';

/** A response named on the command line: an id as given, or `last` (the newest in the history). */
export type ResponseRef = { kind: 'id'; id: string } | { kind: 'last' };

export const LAST = 'last';

// OpenAI's ids are `resp_` + hex, but gateways in front of other providers may mint their own,
// so any prefix is accepted. What is refused is what cannot be an id in a URL path segment:
// empty, spaces, slashes, dots (`..` would climb the path), quotes, pasted JSON, and so on.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const MAX_ID_LENGTH = 256;

/** Whether a string can be a response id: also how ids from a server are checked before they are stored or sent back. */
export function isResponseId(value: string): boolean {
  return value.length <= MAX_ID_LENGTH && ID_PATTERN.test(value);
}

export function parseResponseRef(raw: string): ResponseRef {
  const value = raw.trim();
  if (value === LAST) return { kind: 'last' };
  if (value === '') {
    throw new UsageError('the response id is empty', { hint: 'pass an id like resp_… (see tfy-llm history), or "last"' });
  }
  if (!isResponseId(value)) {
    const shown = value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}…` : JSON.stringify(value);
    throw new UsageError(`${shown} is not a response id`, {
      hint: 'ids are letters, digits, "_" and "-", like resp_68af…; tfy-llm history lists yours, or pass "last"',
    });
  }
  return { kind: 'id', id: value };
}
