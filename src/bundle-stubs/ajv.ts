// Bundled in place of ajv (and ajv-formats): conf builds a JSON-schema validator only when given a
// schema, and tfy-llm gives none (config/check.ts checks the file, without a validator, on every run).
// That keeps ~200 KB of validator out of the config-write path. Should conf ever build one, it says so.
export class Ajv2020 {
  constructor() {
    throw new Error('JSON-schema validation is not bundled: conf is used without a schema');
  }
}

export default function ajvFormats(): never {
  throw new Error('JSON-schema formats are not bundled: conf is used without a schema');
}
