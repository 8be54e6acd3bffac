// The meaning of create's flags, as one zod schema: commander checked the syntax (numbers, choices,
// key=value); this checks ranges and limits and reports every bad field at once. Loaded only by create.
// zod/mini: the same checks as zod's classic API, but tree-shakable; the classic build puts ~450 KB
// into the create path, all evaluated before the first request.
import * as z from 'zod/mini';
import { flagFields, paramProblems, type CreateFields, type ReasoningEffort } from './create-body.ts';
import { keyValues } from './key-value.ts';
import { InvalidInput } from '../errors/problems.ts';
import { SCHEMA_NAME } from './schema-format.ts';

/** The API refuses fewer (OpenAPI: CreateResponse.max_output_tokens minimum 16). */
export const MIN_OUTPUT_TOKENS = 16;
export const METADATA_LIMITS = { keys: 16, keyLength: 64, valueLength: 512 } as const;
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const satisfies readonly ReasoningEffort[];

/** The flags this schema reads, as commander hands them over. */
export interface CreateFlags {
  instructions?: string | undefined;
  system?: string | undefined;
  temperature?: number | undefined;
  topP?: number | undefined;
  maxOutputTokens?: number | undefined;
  reasoningEffort?: string | undefined;
  store?: boolean | undefined;
  metadata?: string[] | undefined;
  schema?: string | undefined;
  schemaName?: string | undefined;
  background?: boolean | undefined;
  param?: string[] | undefined;
}

export interface CheckedFlags extends Omit<CreateFields, 'textFormat'> {
  schemaName?: string | undefined;
  params: Record<string, unknown>;
}

const between = (flag: string, min: number, max: number) =>
  z.number().check(z.refine((n) => n >= min && n <= max, { error: (iss) => `${flag} must be between ${min} and ${max} (got ${String(iss.input)})` }));

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

const schema = z
  .object({
    instructions: z.optional(z.string().check(z.refine((s) => s.trim() !== '', '--instructions is empty'))),
    temperature: z.optional(between('--temperature', 0, 2)),
    topP: z.optional(between('--top-p', 0, 1)),
    maxOutputTokens: z.optional(
      z.number().check(
        z.refine((n) => Number.isSafeInteger(n) && n >= MIN_OUTPUT_TOKENS, {
          error: (iss) => `--max-output-tokens must be a whole number of at least ${MIN_OUTPUT_TOKENS} (got ${String(iss.input)})`,
        }),
      ),
    ),
    reasoningEffort: z.optional(z.enum(EFFORTS, { error: `--reasoning-effort must be one of ${EFFORTS.join(', ')}` })),
    store: z._default(z.boolean(), true),
    metadata,
    schema: z.optional(z.string()),
    schemaName: z.optional(z.string().check(z.regex(SCHEMA_NAME, '--schema-name may only use A-Z, a-z, 0-9, _ and -, at most 64 characters'))),
    background: z._default(z.boolean(), false),
    params,
  })
  // Runs even when a field failed, so every problem is reported in one go.
  .check(
    z.superRefine(
      (flags, ctx) => {
        const fail = (message: string, hint?: string): void => void ctx.issues.push({ code: 'custom', message, input: flags, params: { hint } });
        if (flags.background && flags.store === false) fail('--background needs a stored response: drop --no-store');
        if (flags.schemaName !== undefined && flags.schema === undefined) fail('--schema-name needs --schema');
        // Which fields the flags set is all that matters here; the schema itself is read later.
        const fromFlags = flagFields({ ...flags, textFormat: flags.schema === undefined ? undefined : ({} as CreateFields['textFormat']) });
        for (const p of paramProblems(flags.params ?? {}, fromFlags)) fail(p.message, p.hint);
      },
      { when: () => true },
    ),
  );

/** The checked flags, or an InvalidInput listing every problem. */
export function checkCreateFlags(flags: CreateFlags): CheckedFlags {
  const result = z.safeParse(schema, {
    instructions: flags.instructions ?? flags.system,
    temperature: flags.temperature,
    topP: flags.topP,
    maxOutputTokens: flags.maxOutputTokens,
    reasoningEffort: flags.reasoningEffort,
    store: flags.store,
    metadata: flags.metadata,
    schema: flags.schema,
    schemaName: flags.schemaName,
    background: flags.background,
    params: flags.param,
  });
  if (!result.success) {
    throw new InvalidInput(
      result.error.issues.map((issue) => {
        const hint = (issue as { params?: { hint?: unknown } }).params?.hint;
        return { message: issue.message, hint: typeof hint === 'string' ? hint : undefined };
      }),
    );
  }
  const { schema: _schema, params: parsedParams, ...fields } = result.data;
  return { ...fields, params: parsedParams ?? {} };
}
