// Validates request bodies against the official OpenAI OpenAPI description (../shared/openai-openapi.yaml),
// so a misspelt or misplaced field fails the suite. The spec is written for documentation and code
// generation, not for validation; the adaptations below make it validate honestly:
//  - `oneOf` is read as `anyOf`: its branches overlap (a user message matches both EasyInputMessage and
//    InputMessage), so "exactly one" would reject valid bodies. `discriminator` goes with it.
//  - OpenAPI 3.0's `nullable: true`, still used in places, becomes `type: [T, "null"]`.
//  - Objects are closed: the spec never says `additionalProperties: false` on request objects, so a typo
//    (`max_output_token`) would pass. Each object schema with `properties` (or an `allOf` of them) gets
//    `unevaluatedProperties: false` (JSON Schema 2020-12: it sees properties declared in its own allOf,
//    anyOf and $ref branches). Schemas used as allOf members stay open, since their siblings add properties.
//  - `format: uri` is checked with WHATWG URL; other formats (unixtime, int64, binary…) describe
//    encodings, not request shapes, and are accepted as is.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { ROOT } from './run-cli.ts';

type Node = Record<string, unknown>;

/** ../shared from the repository root (CI and /work/main), else the shared folder of this machine. */
export function specPath(): string {
  const candidates = [join(ROOT, '..', 'shared', 'openai-openapi.yaml'), '/work/shared/openai-openapi.yaml'];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`openai-openapi.yaml not found; looked in ${candidates.join(', ')}`);
  return found;
}

const SPEC_ID = 'https://openapi.local/openai.json';
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A validator for the body of POST /responses (`CreateResponse`). Parsed and compiled once per process. */
export function createResponseValidator(): ValidateFunction {
  return schemaValidator('CreateResponse');
}

/** A validator for one named schema of the spec (e.g. `CreateBatchRequest`), closed where it is used. */
export function schemaValidator(name: string): ValidateFunction {
  const known = compiled.get(name);
  if (known) return known;
  // Schemas used as allOf members elsewhere (CreateResponse is one, of a WebSocket event) are closed here, at their use.
  const validator = specAjv().compile({ $ref: `${SPEC_ID}#/components/schemas/${name}`, unevaluatedProperties: false });
  compiled.set(name, validator);
  return validator;
}

function specAjv(): Ajv2020 {
  if (ajv) return ajv;
  const spec = parse(readFileSync(specPath(), 'utf8'), { maxAliasCount: -1 }) as { components: { schemas: Record<string, Node> } };
  const schemas = spec.components.schemas;
  const allOfMembers = collectAllOfMembers(schemas);
  for (const [name, schema] of Object.entries(schemas)) adapt(schema, !allOfMembers.has(name), allOfMembers);

  ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addSchema({ $id: SPEC_ID, components: { schemas } });
  return ajv;
}

/** Names of schemas referenced directly as allOf members anywhere: they must stay open. */
function collectAllOfMembers(schemas: Record<string, Node>): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isNode(node)) return;
    if (Array.isArray(node.allOf)) {
      for (const member of node.allOf) {
        const ref = isNode(member) && typeof member.$ref === 'string' ? member.$ref : undefined;
        if (ref?.startsWith('#/components/schemas/')) names.add(ref.slice('#/components/schemas/'.length));
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(schemas);
  return names;
}

/**
 * Rewrites one schema in place. `closable` is false inside an allOf member (and the branches of its
 * anyOf), where sibling schemas add properties of the same object.
 */
function adapt(node: Node, closable: boolean, allOfMembers: ReadonlySet<string>): void {
  if (Array.isArray(node.oneOf)) {
    if (node.anyOf === undefined) node.anyOf = node.oneOf;
    else node.allOf = [...((node.allOf as unknown[]) ?? []), { anyOf: node.oneOf }];
    delete node.oneOf;
  }
  delete node.discriminator;
  if (node.nullable === true) {
    if (typeof node.type === 'string') node.type = [node.type, 'null'];
    delete node.nullable;
  }
  const open = 'additionalProperties' in node || 'unevaluatedProperties' in node || 'patternProperties' in node;
  // A named schema that is an allOf member somewhere is left open where it is defined, and closed here,
  // where it is used on its own.
  const ref = typeof node.$ref === 'string' ? node.$ref.replace('#/components/schemas/', '') : undefined;
  const declaresObject = isNode(node.properties) || Array.isArray(node.allOf) || (ref !== undefined && allOfMembers.has(ref));
  if (closable && declaresObject && !open) node.unevaluatedProperties = false;

  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === 'default' || key === 'const' || key === 'enum') continue;
    if (key === 'properties' && isNode(value)) {
      for (const property of Object.values(value)) if (isNode(property)) adapt(property, true, allOfMembers);
    } else if (key === 'allOf' && Array.isArray(value)) {
      for (const member of value) if (isNode(member)) adapt(member, false, allOfMembers);
    } else if (key === 'anyOf' && Array.isArray(value)) {
      for (const branch of value) if (isNode(branch)) adapt(branch, closable, allOfMembers);
    } else if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) adapt(item, true, allOfMembers);
    } else if (isNode(value)) {
      adapt(value, true, allOfMembers);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Errors as short lines, for assertion messages. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 12)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}
