// The fake gateway's Files and Batch APIs through the real `openai` client's `files` and `batches`
// resources: uploads, the batch lifecycle (completed, failed validation, expired, cancelled), output
// and error files, list pages, provider isolation; every request body checked against the OpenAPI spec.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { KEY } from './helpers/gateway-http.ts';
import { describeErrors, schemaValidator } from './helpers/openapi.ts';

function client(gw: FakeGateway, provider: string | null = 'p'): OpenAI {
  return new OpenAI({ apiKey: KEY, baseURL: gw.url, defaultHeaders: provider === null ? {} : { 'x-tfy-provider-name': provider }, maxRetries: 0 });
}

const line = (id: string, model: string, input: unknown = `prompt ${id}`) =>
  JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/responses', body: { model, input } });
const chatLine = (id: string, model: string) =>
  JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: [{ type: 'text', text: `hello ${id}` }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] } });

async function upload(sdk: OpenAI, lines: string[], name = 'input.jsonl') {
  return sdk.files.create({ file: await toFile(Buffer.from(`${lines.join('\n')}\n`), name), purpose: 'batch' });
}

/** GETs until the batch ends, returning every status seen. */
async function drive(sdk: OpenAI, id: string): Promise<{ statuses: string[]; batch: Batch }> {
  const statuses: string[] = [];
  for (let i = 0; i < 10; i++) {
    const batch = await sdk.batches.retrieve(id);
    statuses.push(batch.status);
    if (['completed', 'failed', 'expired', 'cancelled'].includes(batch.status)) return { statuses, batch };
  }
  throw new Error(`batch ${id} never ended: ${statuses.join(' ')}`);
}

async function jsonl(sdk: OpenAI, fileId: string | null | undefined): Promise<any[]> {
  assert.ok(fileId, 'a file id');
  const text = await (await sdk.files.content(fileId)).text();
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** Every JSON request body the gateway got, checked against its schema in the OpenAPI description. */
function checkAgainstSpec(gw: FakeGateway): void {
  for (const request of gw.requests) {
    if (request.method === 'POST' && request.path.endsWith('/batches')) {
      const validate = schemaValidator('CreateBatchRequest');
      assert.ok(validate(request.body), describeErrors(validate.errors));
    }
  }
}

test('a batch goes validating → in_progress → finalizing → completed, with output and error files', async (t) => {
  const gw = await withGateway(t);
  const sdk = client(gw, 'my-openai');
  const file = await upload(sdk, [line('a', 'my-openai/gpt-4o'), line('b', 'gpt-4o'), line('c', 'my-openai/always-500'), line('d', 'my-openai/gpt-4o')]);
  assert.equal(file.object, 'file');
  assert.equal(file.purpose, 'batch');
  assert.equal(file.filename, 'input.jsonl');
  assert.equal((await sdk.files.retrieve(file.id)).bytes, file.bytes);

  const created = await sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h', metadata: { source: 'input.jsonl' } });
  assert.equal(created.status, 'validating');
  assert.deepEqual(created.metadata, { source: 'input.jsonl' });
  const { statuses, batch } = await drive(sdk, created.id);
  assert.deepEqual(statuses, ['in_progress', 'finalizing', 'completed']);
  assert.deepEqual(batch.request_counts, { total: 4, completed: 3, failed: 1 });
  assert.ok(batch.completed_at && batch.in_progress_at && batch.finalizing_at);

  const output = await jsonl(sdk, batch.output_file_id);
  assert.deepEqual(output.map((l) => l.custom_id), ['a', 'b', 'd']);
  assert.equal(output[0].response.status_code, 200);
  assert.match(output[0].response.body.output[0].content[0].text, /> prompt a$/);
  assert.equal(output[0].error, null);
  const errors = await jsonl(sdk, batch.error_file_id);
  assert.deepEqual(errors.map((l) => [l.custom_id, l.response.status_code, l.response.body.error.type]), [['c', 500, 'server_error']]);

  // Output files are files like any other, of this provider only.
  assert.equal((await sdk.files.retrieve(batch.output_file_id ?? '')).purpose, 'batch_output');
  await assert.rejects(client(gw, 'other').files.retrieve(file.id), OpenAI.NotFoundError);
  await assert.rejects(client(gw, 'other').batches.retrieve(batch.id), OpenAI.NotFoundError);
  assert.deepEqual(await sdk.files.delete(file.id), { id: file.id, object: 'file', deleted: true });
  await assert.rejects(sdk.files.content(file.id), OpenAI.NotFoundError);
  checkAgainstSpec(gw);
});

test('chat completion batches answer with chat.completion bodies', async (t) => {
  const gw = await withGateway(t);
  const sdk = client(gw);
  const file = await upload(sdk, [chatLine('x', 'p/gpt-4o'), chatLine('y', 'gpt-4o')]);
  const created = await sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
  const { batch } = await drive(sdk, created.id);
  assert.equal(batch.status, 'completed');
  assert.equal(batch.error_file_id, null);
  const [first] = await jsonl(sdk, batch.output_file_id);
  assert.equal(first.response.body.object, 'chat.completion');
  assert.match(first.response.body.choices[0].message.content, /You sent \*2 words\*, 1 image to `p\/gpt-4o`/);
  checkAgainstSpec(gw);
});

test('an input that fails validation fails the batch, with every error by line', async (t) => {
  const gw = await withGateway(t);
  const sdk = client(gw, 'p');
  const file = await upload(sdk, [
    line('a', 'p/gpt-4o'),
    'not json',
    line('a', 'p/gpt-4o'),
    line('v', 'virtual-models/smart'),
    line('o', 'other-provider/gpt-4o'),
    JSON.stringify({ custom_id: 'u', method: 'POST', url: '/v1/chat/completions', body: { model: 'p/m', input: 'hi' } }),
  ]);
  const created = await sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h' });
  const { statuses, batch } = await drive(sdk, created.id);
  assert.deepEqual(statuses, ['failed']);
  assert.ok(batch.failed_at);
  assert.deepEqual(batch.errors?.data?.map((e) => [e.line, e.code]), [
    [2, 'invalid_json_line'],
    [3, 'duplicate_custom_id'],
    [4, 'virtual_model_not_supported'],
    [5, 'model_provider_mismatch'],
    [6, 'invalid_url'],
  ]);
  assert.equal(batch.output_file_id, null);
});

test('a batch that runs out of time expires: the requests that ran, and batch_expired for the rest', async (t) => {
  const gw = await withGateway(t);
  const sdk = client(gw);
  const file = await upload(sdk, [line('1', 'p/gpt-4o'), line('2', 'p/gpt-4o'), line('3', 'p/batch-expires'), line('4', 'p/gpt-4o')]);
  const created = await sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h' });
  const { statuses, batch } = await drive(sdk, created.id);
  assert.deepEqual(statuses, ['in_progress', 'expired']);
  assert.deepEqual(batch.request_counts, { total: 4, completed: 2, failed: 2 });
  assert.deepEqual((await jsonl(sdk, batch.output_file_id)).map((l) => l.custom_id), ['1', '2']);
  const errors = await jsonl(sdk, batch.error_file_id);
  assert.deepEqual(errors.map((l) => [l.custom_id, l.error.code, l.response]), [['3', 'batch_expired', null], ['4', 'batch_expired', null]]);
});

test('cancel: cancelling, then cancelled with the partial results; an ended batch cannot be cancelled', async (t) => {
  const gw = await withGateway(t);
  const sdk = client(gw);
  const file = await upload(sdk, ['1', '2', '3', '4'].map((id) => line(id, 'p/gpt-4o')));
  const created = await sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h' });
  assert.equal((await sdk.batches.retrieve(created.id)).status, 'in_progress');
  const cancelling = await sdk.batches.cancel(created.id);
  assert.equal(cancelling.status, 'cancelling');
  assert.equal((await sdk.batches.cancel(created.id)).status, 'cancelling');
  const { statuses, batch } = await drive(sdk, created.id);
  assert.deepEqual(statuses, ['cancelled']);
  assert.deepEqual((await jsonl(sdk, batch.output_file_id)).map((l) => l.custom_id), ['1', '2']);
  assert.equal(batch.error_file_id, null);

  const other = await sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h' });
  await drive(sdk, other.id);
  await assert.rejects(sdk.batches.cancel(other.id), OpenAI.BadRequestError);
});

test('list: newest first, in pages, and the SDK follows every page', async (t) => {
  const gw = await withGateway(t);
  const sdk = client(gw);
  const file = await upload(sdk, [line('a', 'p/m')]);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h' })).id);
  const seen: string[] = [];
  for await (const batch of sdk.batches.list({ limit: 2 })) seen.push(batch.id);
  assert.deepEqual(seen, ids.reverse());
  assert.equal(gw.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/batches')).length, 3);
});

test('requests the Batch API refuses: no provider, a wrong key, bad fields, a file too large', async (t) => {
  const gw = await withGateway(t, { maxFileBytes: 1000 });
  const sdk = client(gw);
  await assert.rejects(client(gw, null).batches.list(), (err: unknown) => err instanceof OpenAI.BadRequestError && /x-tfy-provider-name/.test(err.message));
  await assert.rejects(upload(client(gw, null), [line('a', 'p/m')]), OpenAI.BadRequestError);
  await assert.rejects(new OpenAI({ apiKey: 'wrong', baseURL: gw.url, maxRetries: 0 }).files.retrieve('file_x'), OpenAI.AuthenticationError);
  const file = await upload(sdk, [line('a', 'p/m')]);
  const create = (body: Record<string, unknown>) => sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h', ...body } as never);
  await assert.rejects(create({ endpoint: '/v1/embeddings' }), OpenAI.BadRequestError);
  await assert.rejects(create({ completion_window: '1h' }), OpenAI.BadRequestError);
  await assert.rejects(create({ input_file_id: 'file_missing' }), OpenAI.NotFoundError);
  const notBatch = await sdk.files.create({ file: await toFile(Buffer.from('{}\n'), 'x.jsonl'), purpose: 'user_data' });
  await assert.rejects(create({ input_file_id: notBatch.id }), OpenAI.BadRequestError);
  await assert.rejects(sdk.files.create({ file: await toFile(Buffer.from('x'), 'notes.txt'), purpose: 'batch' }), OpenAI.BadRequestError);
  await assert.rejects(upload(sdk, [line('big', 'p/m', 'word '.repeat(400))]), (err: unknown) => err instanceof OpenAI.APIError && err.status === 413);
  await assert.rejects(sdk.batches.retrieve('batch_missing'), OpenAI.NotFoundError);
});
