// The bodies create sends, checked against CreateResponse in the official OpenAPI description
// (see test/helpers/openapi.ts for how it is read), so a misspelt or misplaced field fails here.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { buildCreateBody } from '../src/request/create-body.ts';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { writeFixtures, type Fixtures } from './helpers/fixtures.ts';
import { createResponseValidator, describeErrors } from './helpers/openapi.ts';
import { KEY, runCli, tempDir } from './helpers/run-cli.ts';

let validate: ValidateFunction;
before(() => {
  validate = createResponseValidator();
});

function assertValid(body: unknown, what: string): void {
  assert.ok(validate(body), `${what} does not match CreateResponse:\n${describeErrors(validate.errors)}\n${JSON.stringify(body).slice(0, 400)}`);
}

function assertInvalid(body: unknown, what: string): void {
  assert.equal(validate(body), false, `${what} should not match CreateResponse`);
}

const SCENARIOS: { name: string; argv: (f: Fixtures) => string[]; stdin?: string }[] = [
  { name: 'text', argv: () => ['hello'] },
  { name: 'stdin and words', argv: () => ['review'], stdin: 'some code' },
  { name: 'local images of each type, with detail', argv: (f) => ['look', '-i', f.pngNamedJpg, '-i', f.jpeg, '-i', f.gif, '-i', f.webp, '--image-detail', 'high'] },
  { name: 'image URLs', argv: () => ['look', '-i', 'https://img.example/a.png', '-i', 'data:image/png;base64,iVBORw0KGgo='] },
  { name: 'local PDF and PDF URL', argv: (f) => ['read', '-f', f.pdf, '-f', 'https://docs.example/a.pdf'] },
  { name: 'a large image and PDF, sent from disk', argv: (f) => ['look', '-i', f.largePng, '-f', f.largePdf, '-i', f.gif] },
  { name: 'schema', argv: (f) => ['who', '--schema', f.schema] },
  {
    name: 'all parameters',
    argv: () => [
      'hi', '-s', 'be brief', '-t', '1.5', '--top-p', '0.5', '--max-output-tokens', '16', '--reasoning-effort', 'minimal', '--no-store',
      '--metadata', 'a=b', '--param', 'service_tier="flex"', '--param', 'reasoning={"summary":"auto"}', '--param', 'text={"verbosity":"low"}',
      '--schema', '{"type":"object","properties":{},"additionalProperties":false}', '--schema-name', 'empty',
    ],
  },
  { name: 'background', argv: () => ['long job', '--background'] },
  { name: '--input-json', argv: (f) => ['--input-json', f.inputJson] },
];

test('every body create builds is a valid CreateResponse', async (t) => {
  const gw: FakeGateway = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  for (const scenario of SCENARIOS) {
    gw.clear();
    const result = await runCli(['create', ...scenario.argv(f), '-m', 'p/gpt-4o'], { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY }, stdin: scenario.stdin });
    assert.equal(result.code, 0, `${scenario.name}: ${result.stderr}`);
    assert.equal(gw.requests.length, 1);
    assertValid(gw.requests[0]?.body, scenario.name);
  }
});

test('the fields other commands add (stream, previous_response_id) fit the schema too', () => {
  const body = buildCreateBody('p/gpt-4o', 'and then?', { stream: true, previousResponseId: 'resp_123', temperature: 0 });
  assert.deepEqual(body, { model: 'p/gpt-4o', input: 'and then?', previous_response_id: 'resp_123', temperature: 0, stream: true });
  assertValid(body, 'stream + previous_response_id');
});

test('the validator is not vacuous: misspelt, misplaced and mistyped fields fail', () => {
  const good = { model: 'p/m', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }, { type: 'input_image', image_url: 'https://x.example/a.png', detail: 'auto' }] }] };
  assertValid(good, 'the control body');
  assertInvalid({ model: 'p/m', input: 'hi', max_output_token: 100 }, 'a misspelt top-level field');
  assertInvalid({ model: 'p/m', input: 'hi', effort: 'low' }, 'reasoning.effort put at the top level');
  assertInvalid({ model: 'p/m', input: 'hi', temperature: '0.5' }, 'a number sent as a string');
  assertInvalid({ model: 'p/m', input: 'hi', reasoning: { effort: 'extreme' } }, 'an unknown reasoning effort');
  assertInvalid({ model: 'p/m', input: 'hi', text: { format: { type: 'json_schema', schema: {} } } }, 'a json_schema format without a name');
  const image = (part: Record<string, unknown>) => ({ model: 'p/m', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }, part] }] });
  assertInvalid(image({ type: 'input_image', image_url: 'https://x.example/a.png' }), 'an input_image without detail');
  assertInvalid(image({ type: 'input_image', image_url: 'https://x.example/a.png', detail: 'auto', detial: 'x' }), 'a misspelt field in a content part');
  assertInvalid(image({ type: 'input_file', file_data: 'data:application/pdf;base64,AA', file_name: 'a.pdf' }), 'file_name instead of filename');
});
