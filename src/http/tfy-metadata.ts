// --tfy-metadata key=value: the TrueFoundry gateway's x-tfy-metadata header, a JSON object of strings.
// Used by every command, so it is checked here without zod (which only the create path loads).
import { keyValues } from '../request/key-value.ts';
import { InvalidInput, type Problem } from '../errors/problems.ts';

export const TFY_METADATA_HEADER = 'x-tfy-metadata';
export const MAX_TFY_METADATA_VALUE = 128;

/**
 * The headers to add for --tfy-metadata, or none. A JSON object already set by -H or the profile is
 * merged with the flags (the flags win), so a profile can tag every request and a flag add to it.
 */
export function tfyMetadataHeaders(values: readonly string[] | undefined, existing: Readonly<Record<string, string>>): Record<string, string> {
  const pairs = keyValues(values);
  if (pairs.size === 0) return {};
  const problems: Problem[] = [];
  for (const [key, value] of pairs) {
    if (!key) problems.push({ message: '--tfy-metadata: a key is empty' });
    if (value.length > MAX_TFY_METADATA_VALUE) {
      problems.push({ message: `--tfy-metadata ${key}: the value is ${value.length} characters, over the limit of ${MAX_TFY_METADATA_VALUE}` });
    }
  }
  if (problems.length > 0) throw new InvalidInput(problems);
  return { [TFY_METADATA_HEADER]: asciiJson({ ...objectHeader(existing[TFY_METADATA_HEADER]), ...Object.fromEntries(pairs) }) };
}

/**
 * JSON with every non-ASCII character as a \u escape. A header carries bytes, not text: fetch
 * refuses characters past U+00FF and sends U+0080–U+00FF as single Latin-1 bytes, which a gateway
 * reading UTF-8 cannot decode. Escaped, any value arrives intact through any JSON parser.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function objectHeader(value: string | undefined): Record<string, unknown> {
  if (!value) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
