// The one code path from the body flags to a request body, shared by `create` and `batch`: the flags
// checked by their schemas (request/create-flags.ts), the model routed to its provider, the input read,
// the --schema read, then the body assembled. Each check is a function so a caller runs them with its
// own (checkAll reports every problem at once) and adds checks of its own.
import { bodyFields, BODY_FLAGS, refineBody, type BodyOptions } from './create-flags.ts';
import { buildCreateBody, type CreateBody, type JsonSchemaFormat } from './create-body.ts';
import type { Input } from './input.ts';
import { schemaFormat } from './schema-format.ts';
import { routeModel, type Settings } from '../config/settings.ts';
import { defineCommand } from '../spec/define.ts';

export interface Route {
  model: string;
  provider: string | undefined;
}

/** The body flags alone, as a spec: what a batch line's fields are checked with (spec/check.ts). */
export const BODY_SPEC = defineCommand({ name: 'body', description: '', args: [], options: BODY_FLAGS, refine: refineBody });

export type BodyParts<O> = readonly [options: O, route: Route, input: Input, textFormat: JsonSchemaFormat | undefined];

/** A tuple of checks for checkAll, one per result. */
export type Checks<T extends readonly unknown[]> = { [K in keyof T]: () => T[K] | Promise<T[K]> };

/**
 * The checks behind a body, in create's order, for checkAll: the flags (`checkFlags`: the command's own
 * checkOptions, which covers the body flags), the route, the input, the schema.
 */
export function bodyChecks<O extends Partial<BodyOptions>>(
  checkFlags: () => O,
  raw: { schema?: string | undefined; schemaName?: string | undefined },
  settings: Settings,
  provider: string | undefined,
  readInput: () => Promise<Input>,
): Checks<BodyParts<O>> {
  return [
    checkFlags,
    () => routeModel(settings, provider),
    readInput,
    () => (raw.schema === undefined ? undefined : schemaFormat(raw.schema, raw.schemaName)),
  ] as const;
}

/** The body from checked parts; `extra` holds what only the caller knows (a previous response, streaming). */
export function bodyFrom<O extends Partial<BodyOptions>>(parts: BodyParts<O>, extra: { previousResponseId?: string | undefined; stream?: boolean | undefined } = {}): CreateBody {
  const [options, route, input, textFormat] = parts;
  return buildCreateBody(route.model, input, { ...bodyFields(options), textFormat, ...extra }, options.param);
}
