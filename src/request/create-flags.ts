// The flags that shape the body of POST /responses (create's, and any command that builds the same
// request), each one entry: its commander definition and the zod schema of what it means. Commander
// checks the syntax (numbers, choices, key=value); the schemas check ranges and limits, and refineBody
// what holds across flags. Every problem is reported at once (spec/check.ts).
// zod/mini: the same checks as zod's classic API, but tree-shakable; the classic build puts ~450 KB
// into the create path, all evaluated before the first request.
import type { ReasoningEffort } from 'openai/resources/shared';
import * as z from 'zod/mini';
import type { Problem } from '../errors/problems.ts';
import { choiceOption, option, parsedOption, type CheckedOptions } from '../spec/define.ts';
import { collectKeyValue, decimalNumber } from '../spec/parsers.ts';
import { flagFields, paramProblems, type CreateFields } from './create-body.ts';
import { keyValues } from './key-value.ts';
import { SCHEMA_NAME } from './schema-format.ts';

/** The API refuses fewer (OpenAPI: CreateResponse.max_output_tokens minimum 16). */
export const MIN_OUTPUT_TOKENS = 16;
export const METADATA_LIMITS = { keys: 16, keyLength: 64, valueLength: 512 } as const;

/** reasoning.effort: the openai SDK's values (tsc fails here if the SDK adds one), for commander's choices and the schema. */
export const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const satisfies readonly NonNullable<ReasoningEffort>[];
const everyEffort: [Exclude<NonNullable<ReasoningEffort>, (typeof EFFORTS)[number]>] extends [never] ? true : false = true;
void everyEffort;

const between = (flag: string, min: number, max: number) =>
  z.number().check(z.refine((n) => n >= min && n <= max, { error: (iss) => `${flag} must be between ${min} and ${max} (got ${String(iss.input)})` }));

const instructions = z.optional(z.string().check(z.refine((s) => s.trim() !== '', '--instructions is empty')));

const metadata = z.pipe(
  z.optional(z.array(z.string())),
  z.transform((values: string[] | undefined, ctx) => {
    if (values === undefined) return undefined;
    const pairs = keyValues(values);
    const fail = (message: string): void => void ctx.issues.push({ code: 'custom', message, input: values });
    const { keys, keyLength, valueLength } = METADATA_LIMITS;
    if (pairs.size > keys) fail(`--metadata: ${pairs.size} keys, over the limit of ${keys}`);
    for (const [key, value] of pairs) {
      if (key === '') fail('--metadata: a key is empty');
      if (key.length > keyLength) fail(`--metadata ${key.slice(0, 20)}…: the key is ${key.length} characters, over the limit of ${keyLength}`);
      if (value.length > valueLength) fail(`--metadata ${key}: the value is ${value.length} characters, over the limit of ${valueLength}`);
    }
    return Object.fromEntries(pairs);
  }),
);

const params = z.pipe(
  z.optional(z.array(z.string())),
  z.transform((values: string[] | undefined, ctx) => {
    const out: Record<string, unknown> = {};
    for (const [key, json] of keyValues(values)) {
      const fail = (message: string, hint?: string): void => void ctx.issues.push({ code: 'custom', message, input: values, params: { hint } });
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        fail(`--param ${key}: not a top-level field name`, `nested values go inside the JSON: --param 'reasoning={"summary":"auto"}'`);
        continue;
      }
      try {
        out[key] = JSON.parse(json) as unknown;
      } catch {
        fail(`--param ${key}: the value is not valid JSON: ${json}`, `quote strings as JSON: --param '${key}="${json}"'`);
      }
    }
    return out;
  }),
);

export const BODY_FLAGS = {
  instructions: option('-s, --instructions <text>', 'system/developer instructions (alias: --system)', instructions),
  system: option('--system <text>', '', instructions, { hidden: true, conflicts: 'instructions' }),
  temperature: parsedOption('-t, --temperature <0..2>', 'sampling temperature', decimalNumber, z.optional(between('--temperature', 0, 2))),
  topP: parsedOption('--top-p <0..1>', 'nucleus sampling', decimalNumber, z.optional(between('--top-p', 0, 1))),
  maxOutputTokens: parsedOption(
    '--max-output-tokens <n>',
    'upper limit on output tokens, reasoning included (at least 16)',
    decimalNumber,
    z.optional(
      z.number().check(
        z.refine((n) => Number.isSafeInteger(n) && n >= MIN_OUTPUT_TOKENS, {
          error: (iss) => `--max-output-tokens must be a whole number of at least ${MIN_OUTPUT_TOKENS} (got ${String(iss.input)})`,
        }),
      ),
    ),
  ),
  reasoningEffort: choiceOption('--reasoning-effort <level>', 'reasoning.effort', EFFORTS, z.optional(z.enum(EFFORTS, { error: `--reasoning-effort must be one of ${EFFORTS.join(', ')}` }))),
  store: option('--no-store', 'do not store the response (store: false)', z._default(z.boolean(), true)),
  metadata: parsedOption('--metadata <key=value>', 'metadata on the response (repeatable; 16 keys, key ≤ 64, value ≤ 512 chars)', collectKeyValue, metadata),
  schema: option('--schema <file|json>', 'structured output: a JSON Schema (file or inline JSON) for text.format, strict', z.optional(z.string())),
  schemaName: option(
    '--schema-name <name>',
    'name of the --schema format (default: the file name, else "output")',
    z.optional(z.string().check(z.regex(SCHEMA_NAME, '--schema-name may only use A-Z, a-z, 0-9, _ and -, at most 64 characters'))),
  ),
  background: option('--background', 'run in the background: prints the id and status; see --wait', z._default(z.boolean(), false)),
  param: parsedOption(
    '--param <key=json>',
    'any other body field, as JSON (repeatable), e.g. --param \'service_tier="flex"\'',
    collectKeyValue,
    params,
  ),
} as const;

export type BodyOptions = CheckedOptions<typeof BODY_FLAGS>;

/** The body fields the flags set (--schema's format is read later, from its file). */
export function bodyFields(flags: Partial<BodyOptions>): Omit<CreateFields, 'textFormat' | 'previousResponseId' | 'stream'> {
  return {
    instructions: flags.instructions ?? flags.system,
    temperature: flags.temperature,
    topP: flags.topP,
    maxOutputTokens: flags.maxOutputTokens,
    reasoningEffort: flags.reasoningEffort,
    store: flags.store,
    metadata: flags.metadata,
    background: flags.background,
  };
}

/** What holds across the body flags: reported with every other problem. */
export function refineBody(flags: Partial<BodyOptions>, report: (problem: Problem) => void): void {
  if (flags.background && flags.store === false) report({ message: '--background needs a stored response: drop --no-store' });
  if (flags.schemaName !== undefined && flags.schema === undefined) report({ message: '--schema-name needs --schema' });
  // Which fields the flags set is all that matters here; the schema itself is read later.
  const fromFlags = flagFields({ ...bodyFields(flags), textFormat: flags.schema === undefined ? undefined : ({} as CreateFields['textFormat']) });
  for (const problem of paramProblems(flags.param ?? {}, fromFlags)) report(problem);
}
