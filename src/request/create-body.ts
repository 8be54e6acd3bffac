// The body of POST /responses, from checked values. Pure: no I/O, no zod, easy to extend
// (previous_response_id and stream are plain fields for the commands that set them).
import type { Input } from './input.ts';
import type { Problem } from '../errors/problems.ts';

import type { ReasoningEffort } from 'openai/resources/shared';

export interface JsonSchemaFormat {
  type: 'json_schema';
  name: string;
  schema: Record<string, unknown>;
  strict: true;
}

/** Everything a flag can put in the body, already checked. */
export interface CreateFields {
  instructions?: string | undefined;
  temperature?: number | undefined;
  topP?: number | undefined;
  maxOutputTokens?: number | undefined;
  reasoningEffort?: NonNullable<ReasoningEffort> | undefined;
  /** Only `false` is sent: the API stores by default. */
  store?: boolean | undefined;
  metadata?: Record<string, string> | undefined;
  textFormat?: JsonSchemaFormat | undefined;
  background?: boolean | undefined;
  previousResponseId?: string | undefined;
  stream?: boolean | undefined;
}

export type CreateBody = { model: string; input: Input } & Record<string, unknown>;

/** The flag behind each body field, for messages about --param. */
const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  model: '--model',
  input: 'the prompt or --input-json',
  instructions: '--instructions',
  temperature: '--temperature',
  top_p: '--top-p',
  max_output_tokens: '--max-output-tokens',
  reasoning: '--reasoning-effort',
  store: '--no-store',
  metadata: '--metadata',
  text: '--schema',
  background: '--background',
  previous_response_id: '--previous',
  stream: '--stream',
};

/** Fields the CLI must control itself, because it changes how it sends or reads the request. */
export const RESERVED_PARAMS: ReadonlySet<string> = new Set(['model', 'input', 'stream', 'background']);

/** The body fields the flags set, under their API names, in a stable order. */
export function flagFields(fields: CreateFields): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const set = (name: string, value: unknown): void => {
    if (value !== undefined) body[name] = value;
  };
  set('instructions', fields.instructions);
  set('previous_response_id', fields.previousResponseId);
  set('temperature', fields.temperature);
  set('top_p', fields.topP);
  set('max_output_tokens', fields.maxOutputTokens);
  set('reasoning', fields.reasoningEffort === undefined ? undefined : { effort: fields.reasoningEffort });
  set('text', fields.textFormat === undefined ? undefined : { format: fields.textFormat });
  set('metadata', fields.metadata);
  set('store', fields.store === false ? false : undefined);
  set('background', fields.background === true ? true : undefined);
  set('stream', fields.stream === true ? true : undefined);
  return body;
}

/**
 * --param may add any field, and add to an object a flag also sets (`--param reasoning='{"summary":"auto"}'`
 * with `--reasoning-effort`), but never set the same value twice: that would silently drop one of them.
 */
export function paramProblems(params: Readonly<Record<string, unknown>>, fromFlags: Readonly<Record<string, unknown>>): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(params)) {
    const flag = FLAG_FOR_FIELD[key] ?? 'a flag';
    if (RESERVED_PARAMS.has(key)) {
      problems.push({ message: `--param ${key}: this field is set by ${flag}, not by --param`, hint: `use ${flag}` });
      continue;
    }
    if (!(key in fromFlags)) continue;
    const flagged = fromFlags[key];
    const overlap = isPlainObject(value) && isPlainObject(flagged) ? Object.keys(value).filter((k) => k in flagged) : [key];
    if (overlap.length > 0) {
      const what = overlap[0] === key ? key : `${key}.${overlap.join(`, ${key}.`)}`;
      problems.push({ message: `--param ${key} sets ${what}, which ${flag} sets too`, hint: 'set each field one way only' });
    }
  }
  return problems;
}

/** model and input first, then the flags' fields, then --param's (objects shared with a flag are merged). */
export function buildCreateBody(model: string, input: Input, fields: CreateFields, params: Readonly<Record<string, unknown>> = {}): CreateBody {
  const body: CreateBody = { model, input, ...flagFields(fields) };
  for (const [key, value] of Object.entries(params)) {
    const flagged = body[key];
    body[key] = isPlainObject(value) && isPlainObject(flagged) ? { ...value, ...flagged } : value;
  }
  return body;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
