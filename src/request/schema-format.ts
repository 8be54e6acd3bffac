// --schema <file|json>: structured output as text.format, a strict json_schema.
import { basename, extname } from 'node:path';
import type { JsonSchemaFormat } from './create-body.ts';
import { MB, readLocalFile } from './local-file.ts';
import { problem } from '../errors/problems.ts';

/** The API's rule for a format name. */
export const SCHEMA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Inline JSON when the value starts with `{` (or `[`, to say it is not a schema), else a file. The name: --schema-name, else the file's, else "output". */
export async function schemaFormat(value: string, name: string | undefined): Promise<JsonSchemaFormat> {
  const inline = /^\s*[{[]/.test(value);
  const named = inline ? '--schema' : `--schema ${value}`;
  const text = inline ? value : (await readLocalFile(value, { flag: '--schema', maxBytes: 4 * MB })).toString('utf8');
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (err) {
    throw problem(`${named}: not valid JSON (${(err as Error).message})`);
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw problem(`${named}: expected a JSON Schema object`, 'e.g. {"type": "object", "properties": {…}, "required": […], "additionalProperties": false}');
  }
  return { type: 'json_schema', name: name ?? (inline ? 'output' : nameFromFile(value)), schema: schema as Record<string, unknown>, strict: true };
}

/** `people.json` → `people`; characters the API refuses become `_`. */
export function nameFromFile(path: string): string {
  const base = basename(path, extname(path)).replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return base === '' ? 'output' : base;
}
