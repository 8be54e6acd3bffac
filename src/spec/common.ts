// The flags every command that talks to a gateway accepts (cli-spec: Commands), each once: its commander
// definition and its schema. A command lists the ones it honours; the others are refused (exit 2).
import * as z from 'zod/mini';
import { option, parsedOption, type CheckedOptions } from './define.ts';
import { collect, collectKeyValue, positiveSeconds, retryCount } from './parsers.ts';

const text = z.optional(z.string());
const list = z.optional(z.array(z.string()));
const flag = z.optional(z.boolean());
const count = z.optional(z.number());

export const COMMON = {
  profile: option('-p, --profile <name>', 'use this profile instead of the active one', text),
  baseUrl: option('--base-url <url>', "the gateway's OpenAI-compatible root URL", text),
  provider: option('--provider <name>', 'provider for the x-tfy-provider-name header', text),
  header: parsedOption('-H, --header <"Name: value">', 'extra request header (repeatable)', collect, list),
  tfyMetadata: parsedOption('--tfy-metadata <key=value>', 'gateway metadata, sent as the x-tfy-metadata JSON header (repeatable; values ≤ 128 chars)', collectKeyValue, list),
  dryRun: option('--dry-run', 'print the HTTP request that would be sent (key redacted) and send nothing', flag),
  json: option('--json', "print the API's own JSON", flag),
  color: option('--no-color', 'no colours', flag),
  timeout: parsedOption('--timeout <seconds>', 'give up on the whole command after this long: retries, streaming and --wait included (default: 180 for each request, and for a stream\'s wait for each event)', positiveSeconds, count),
  maxRetries: parsedOption('--max-retries <n>', 'retries on 429, 5xx and connection errors, honouring Retry-After (default 2, at most 100)', retryCount, count),
  verbose: option('-v, --verbose', 'each request and answer on stderr (keys masked), and the stack of a failure', flag),
} as const;

export type CommonKey = keyof typeof COMMON;

/** The common flags in cli-spec order, for the commands that send requests: all of them. */
export const ALL_COMMON = Object.keys(COMMON) as CommonKey[];

/** Some of the common flags, keeping their types. */
export function common<const K extends CommonKey>(...keys: K[]): Pick<typeof COMMON, K> {
  return Object.fromEntries(keys.map((key) => [key, COMMON[key]])) as Pick<typeof COMMON, K>;
}

/** Every common flag but these, in cli-spec order, keeping their types. */
export function commonExcept<const K extends CommonKey>(...left: K[]): Pick<typeof COMMON, Exclude<CommonKey, K>> {
  return common(...ALL_COMMON.filter((key): key is Exclude<CommonKey, K> => !(left as CommonKey[]).includes(key)));
}

/** Any of the common flags a command may have been given (the rooms read them through this). */
export type CommonOptions = Partial<CheckedOptions<typeof COMMON>>;
