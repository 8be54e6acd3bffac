// Responses bodies as chat completion bodies (batch submit --endpoint chat), each checked against the
// OpenAPI description's CreateChatCompletionRequest; what chat cannot say is a problem, never dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toChatBody } from '../src/batch-jobs/chat-body.ts';
import { describeErrors, schemaValidator } from './helpers/openapi.ts';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const PDF = 'data:application/pdf;base64,JVBERi0xLjQ=';

function chat(body: Record<string, unknown>): Record<string, unknown> {
  const converted = toChatBody(body);
  assert.ok('body' in converted, 'problem' in converted ? converted.problem : '');
  const validate = schemaValidator('CreateChatCompletionRequest');
  assert.ok(validate(converted.body), describeErrors(validate.errors));
  return converted.body;
}

test('a text prompt with instructions and sampling fields', () => {
  assert.deepEqual(chat({ model: 'p/gpt-4o', input: 'hello', instructions: 'be brief', temperature: 0.2, top_p: 0.9, max_output_tokens: 100, store: false, metadata: { a: 'b' } }), {
    model: 'p/gpt-4o',
    messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello' }],
    temperature: 0.2,
    top_p: 0.9,
    max_completion_tokens: 100,
    store: false,
    metadata: { a: 'b' },
  });
});

test('images and PDFs become image_url and file parts, in order', () => {
  const body = chat({
    model: 'p/gpt-4o',
    input: [{ role: 'user', content: [{ type: 'input_text', text: 'compare' }, { type: 'input_image', image_url: PNG, detail: 'high' }, { type: 'input_file', filename: 'a.pdf', file_data: PDF }] }],
  });
  assert.deepEqual(body['messages'], [{ role: 'user', content: [
    { type: 'text', text: 'compare' },
    { type: 'image_url', image_url: { url: PNG, detail: 'high' } },
    { type: 'file', file: { filename: 'a.pdf', file_data: PDF } },
  ] }]);
});

test('a JSON schema and a reasoning effort', () => {
  const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
  const body = chat({ model: 'p/o4', input: 'who?', text: { format: { type: 'json_schema', name: 'person', schema, strict: true } }, reasoning: { effort: 'low' } });
  assert.deepEqual(body['response_format'], { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } });
  assert.equal(body['reasoning_effort'], 'low');
  assert.equal('text' in body || 'reasoning' in body, false);
});

test('what chat cannot say is a problem for the line, not dropped', () => {
  const problems = [
    toChatBody({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_url: 'https://example.com/a.pdf' }] }] }),
    toChatBody({ model: 'm', input: 'hi', previous_response_id: 'resp_1' }),
    toChatBody({ model: 'm', input: 'hi', reasoning: { summary: 'auto' } }),
    toChatBody({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: '{}' }] }),
  ];
  assert.deepEqual(problems.map((p) => ('problem' in p ? p.problem.split(' ').slice(0, 3).join(' ') : 'converted')), [
    'a file by',
    'previous_response_id has no',
    'reasoning.summary has no',
    'only messages can',
  ]);
});
