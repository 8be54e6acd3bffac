// One line → the request body `create` would send for it: the command line's flags are the defaults, a
// field on the line replaces the same field from the flags, and the body goes through create's own code
// path (request/create-request.ts): the same checks, routing, attachments, schema and assembly.
import { attachmentParts } from '../request/attachments.ts';
import { BODY_SPEC, bodyChecks, bodyFrom, type BodyParts, type Route } from '../request/create-request.ts';
import type { BodyOptions } from '../request/create-flags.ts';
import { checkOptions } from '../spec/check.ts';
import type { RawOptionsOf } from '../spec/define.ts';
import type { CreateBody } from '../request/create-body.ts';
import { userInput, type Input } from '../request/input.ts';
import { checkAll, InvalidInput, type Problem } from '../errors/problems.ts';
import type { Settings } from '../config/settings.ts';
import type { LineSpec } from './line-spec.ts';

/** The body flags as commander hands them over (create's, shared by batch run). */
export type RawBodyOptions = { -readonly [K in keyof RawOptionsOf<typeof BODY_SPEC>]: RawOptionsOf<typeof BODY_SPEC>[K] } & { imageDetail?: 'low' | 'high' | 'auto' | undefined };

/** The command line's part: the body flags (as commander hands them over), the settings and --provider. */
export interface LineDefaults {
  options: RawBodyOptions;
  settings: Settings;
  provider: string | undefined;
  /**
   * The flags' own checks, made once for all the lines that change none of them (most lines): create's
   * schema and a --schema file are then not run and read again for each of 200,000 lines.
   */
  cache?: { flags?: BodyOptions | Promise<BodyOptions>; textFormat?: Promise<BodyParts<BodyOptions>[3]> };
}

export interface LineRequest {
  body: CreateBody;
  route: Route;
}

/** The options of `create` behind each body field, dropped when a line sets that field itself. */
const FLAGS_OF_FIELD: Readonly<Record<string, readonly (keyof RawBodyOptions)[]>> = {
  instructions: ['instructions', 'system'],
  temperature: ['temperature'],
  top_p: ['topP'],
  max_output_tokens: ['maxOutputTokens'],
  reasoning: ['reasoningEffort'],
  store: ['store'],
  metadata: ['metadata'],
  text: ['schema', 'schemaName'],
};

/** Fields a line gives as values of create's own flags, so create's schema checks them (ranges, limits). */
const AS_FLAG = ['instructions', 'temperature', 'top_p', 'max_output_tokens', 'store', 'metadata'] as const;

/** Messages name the flag; for a value from the line, its field. */
const FIELD_NAMES: readonly [RegExp, string][] = [
  [/--instructions\b/g, 'instructions'],
  [/--temperature\b/g, 'temperature'],
  [/--top-p\b/g, 'top_p'],
  [/--max-output-tokens\b/g, 'max_output_tokens'],
  [/--metadata\b/g, 'metadata'],
  [/--image\b/g, 'image'],
  [/--file\b/g, 'file'],
];

/** The body for one line; an InvalidInput with every problem of the line otherwise. */
export async function lineRequest(spec: LineSpec, defaults: LineDefaults): Promise<LineRequest> {
  const problems: Problem[] = [];
  const options: RawBodyOptions = { ...defaults.options };
  const lineParams: Record<string, unknown> = {};
  let touched = false;
  for (const [field, value] of Object.entries(spec.fields)) {
    touched ||= field in FLAGS_OF_FIELD || (options.param ?? []).some((pair) => pair.startsWith(`${field}=`));
    for (const flag of FLAGS_OF_FIELD[field] ?? []) delete options[flag];
    if ((AS_FLAG as readonly string[]).includes(field)) asFlag(field as (typeof AS_FLAG)[number], value, options, problems);
    else lineParams[field] = value;
  }
  // A --param for a field the line sets gives way to the line.
  if (options.param) options.param = options.param.filter((pair) => !(pair.slice(0, pair.indexOf('=')) in spec.fields));
  const settings: Settings = spec.model === undefined ? defaults.settings : { ...defaults.settings, model: { value: spec.model, source: 'flag', origin: `line ${spec.number}` } };
  let parts: BodyParts<BodyOptions>;
  try {
    if (problems.length > 0) throw new InvalidInput(problems);
    const checks = bodyChecks(() => checkOptions(BODY_SPEC, options), options, settings, defaults.provider, () => lineInput(spec, options.imageDetail));
    const cache = touched ? undefined : defaults.cache;
    parts = await checkAll(
      cache === undefined
        ? checks
        : ([() => (cache.flags ??= checks[0]()), checks[1], checks[2], () => (cache.textFormat ??= Promise.resolve(checks[3]()))] as const),
    );
  } catch (err) {
    if (!(err instanceof InvalidInput)) throw err;
    throw new InvalidInput(err.problems.map((p) => ({ message: renamed(p.message), hint: p.hint })));
  }
  const [flags, route] = parts;
  const body = bodyFrom([{ ...flags, param: { ...flags.param, ...lineParams } }, route, parts[2], parts[3]]);
  return { body, route };
}

async function lineInput(spec: LineSpec, detail: RawBodyOptions['imageDetail']): Promise<Input> {
  if (spec.input !== undefined) return spec.input as Input;
  if (spec.images.length === 0 && spec.files.length === 0) return userInput(spec.text ?? '', []);
  const images = spec.images.map((ref, position) => ({ ref, position }));
  const files = spec.files.map((ref, i) => ({ ref, position: images.length + i }));
  const parts = await attachmentParts(images, files, spec.imageDetail ?? detail);
  return userInput(spec.text ?? '', parts);
}

function asFlag(field: (typeof AS_FLAG)[number], value: unknown, options: RawBodyOptions, problems: Problem[]): void {
  const wrong = (type: string): void => void problems.push({ message: `"${field}" must be ${type}` });
  switch (field) {
    case 'instructions':
      if (typeof value === 'string') options.instructions = value;
      else if (value !== null) wrong('a string');
      return;
    case 'store':
      if (typeof value === 'boolean') options.store = value;
      else wrong('true or false');
      return;
    case 'metadata':
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')) {
        options.metadata = Object.entries(value as Record<string, string>).map(([k, v]) => `${k}=${v}`);
      } else wrong('an object of strings');
      return;
    default: {
      if (typeof value !== 'number') return wrong('a number');
      if (field === 'temperature') options.temperature = value;
      else if (field === 'top_p') options.topP = value;
      else options.maxOutputTokens = value;
    }
  }
}

const renamed = (message: string): string => FIELD_NAMES.reduce((text, [flag, field]) => text.replace(flag, field), message);
