// The fake gateway through the real `openai` client, as the CLI uses it:
// if these pass, the SDK accepts every shape the gateway produces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI, { APIError } from 'openai';
import type { FakeGateway } from './helpers/fake-gateway.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY } from './helpers/gateway-http.ts';

function client(gw: FakeGateway, provider: string | null = 'p', options: { apiKey?: string; maxRetries?: number; timeout?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey ?? KEY,
    baseURL: gw.url,
    defaultHeaders: provider === null ? {} : { 'x-tfy-provider-name': provider },
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeout ?? 10_000,
  });
}

test('create returns a response the SDK understands, with request id and resolved model', async (t) => {
  const gw = await withGateway(t);
  const { data, response, request_id } = await client(gw, 'openai-main')
    .responses.create({ model: 'openai-main/gpt-4o', input: 'Hello SDK', instructions: 'Be kind' })
    .withResponse();
  assert.equal(data.status, 'completed');
  assert.equal(data.output_text, '**Hello from the demo gateway.**\n\nYou sent *2 words* to `openai-main/gpt-4o` via provider `openai-main`.\n\n> Hello SDK');
  assert.equal(data.instructions, 'Be kind');
  assert.match(request_id ?? '', /^req_/);
  assert.equal(response.headers.get('x-tfy-resolved-model'), 'openai-main/gpt-4o-2024-08-06');
  assert.equal(gw.requests[0]?.headers['authorization'], `Bearer ${KEY}`);
  assert.equal(gw.requests[0]?.headers['x-tfy-provider-name'], 'openai-main');
});

test('gateway errors become the SDK error classes, with message and request id', async (t) => {
  const gw = await withGateway(t);
  const create = (sdk: OpenAI, model = 'm') => sdk.responses.create({ model, input: 'hi' });
  // Thunks, so each request starts only when its turn comes.
  const cases: [() => Promise<unknown>, new (...args: never[]) => APIError, number][] = [
    [() => create(client(gw, 'p', { apiKey: 'wrong' })), OpenAI.AuthenticationError, 401],
    [() => create(client(gw, 'forbidden')), OpenAI.PermissionDeniedError, 403],
    [() => create(client(gw), 'forbidden-model'), OpenAI.PermissionDeniedError, 403],
    [() => create(client(gw, null)), OpenAI.BadRequestError, 400],
    [() => create(client(gw), 'bad-request'), OpenAI.BadRequestError, 400],
    [() => client(gw).responses.retrieve('resp_missing'), OpenAI.NotFoundError, 404],
    [() => create(client(gw), 'rate-limited'), OpenAI.RateLimitError, 429],
    [() => create(client(gw), 'always-500'), OpenAI.InternalServerError, 500],
    [() => create(client(gw), 'empty-error'), OpenAI.InternalServerError, 500],
    [() => create(client(gw), 'html-error'), OpenAI.APIError, 502],
  ];
  for (const [request, kind, status] of cases) {
    const error = await request().then(() => undefined, (reason: unknown) => reason);
    assert.ok(error instanceof kind, `${status}: got ${String(error)}`);
    assert.equal(error.status, status);
    assert.match(error.requestID ?? '', /^req_/);
  }
  const unauthorized = await create(client(gw, 'p', { apiKey: 'wrong' })).catch((error: APIError) => error);
  assert.equal((unauthorized as APIError).message, '401 Invalid API key');
  const missingHeader = await create(client(gw, null)).catch((error: APIError) => error);
  assert.match((missingHeader as APIError).message, /x-tfy-provider-name/);
});

test('the SDK retries a 429 after Retry-After', async (t) => {
  const gw = await withGateway(t, { retryAfterSeconds: 1 });
  const started = performance.now();
  await assert.rejects(client(gw, 'p', { maxRetries: 1 }).responses.create({ model: 'rate-limited', input: 'hi' }), OpenAI.RateLimitError);
  assert.equal(gw.requests.length, 2);
  assert.ok(performance.now() - started >= 900);
});

test('a client timeout on the slow model is a connection timeout', async (t) => {
  const gw = await withGateway(t, { slowMs: 2000 });
  await assert.rejects(
    client(gw, 'p', { timeout: 100 }).responses.create({ model: 'slow', input: 'hi' }),
    OpenAI.APIConnectionTimeoutError,
  );
});

test('output variants parse: incomplete, failed, reasoning, refusal, tool call, JSON schema', async (t) => {
  const gw = await withGateway(t);
  const sdk = client(gw);
  const incomplete = await sdk.responses.create({ model: 'incomplete', input: 'hi' });
  assert.equal(incomplete.incomplete_details?.reason, 'max_output_tokens');
  const failed = await sdk.responses.create({ model: 'failed', input: 'hi' });
  assert.equal(failed.error?.code, 'server_error');
  const reasoning = await sdk.responses.create({ model: 'reasoning', input: 'hi' });
  assert.equal(reasoning.output[0]?.type, 'reasoning');
  const refusal = await sdk.responses.create({ model: 'refusal', input: 'hi' });
  const content = refusal.output[0]?.type === 'message' ? refusal.output[0].content[0] : undefined;
  assert.equal(content?.type === 'refusal' ? content.refusal : undefined, "I can't help with that.");
  const tool = await sdk.responses.create({ model: 'tool-call', input: 'hi' });
  assert.equal(tool.output[0]?.type === 'function_call' ? tool.output[0].name : undefined, 'get_weather');
  const json = await sdk.responses.create({
    model: 'm',
    input: 'structured',
    text: { format: { type: 'json_schema', name: 'echo', strict: true, schema: { type: 'object', properties: { echo: { type: 'string' } }, required: ['echo'], additionalProperties: false } } },
  });
  assert.deepEqual(JSON.parse(json.output_text), { echo: 'structured' });
});

test('streaming through the SDK: raw events and the accumulated final response', async (t) => {
  const gw = await withGateway(t);
  const sdk = client(gw);
  const events = await sdk.responses.create({ model: 'm', input: 'stream me please', stream: true });
  let text = '';
  const seen: string[] = [];
  for await (const event of events) {
    seen.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
  }
  assert.equal(seen.at(-1), 'response.completed');
  assert.match(text, /> stream me please$/);

  for (const model of ['m', 'reasoning', 'refusal', 'tool-call', 'incomplete']) {
    const final = await sdk.responses.stream({ model, input: 'hi' }).finalResponse();
    const plain = await sdk.responses.create({ model, input: 'hi' });
    assert.equal(final.status, plain.status, model);
    assert.equal(final.output_text, plain.output_text, model);
    assert.deepEqual(final.output.map((item) => item.type), plain.output.map((item) => item.type), model);
  }
});

test('a cut stream is an error in the SDK, not a silent end', async (t) => {
  const gw = await withGateway(t);
  const events = await client(gw).responses.create({ model: 'cut-stream', input: 'one two three four five six seven eight nine ten', stream: true });
  let deltas = 0;
  await assert.rejects(async () => {
    for await (const event of events) if (event.type === 'response.output_text.delta') deltas += 1;
  });
  assert.equal(deltas, 2);
});

test('retrieve, input items (all pages), delete and provider isolation through the SDK', async (t) => {
  const gw = await withGateway(t);
  const sdk = client(gw, 'a');
  const input = ['one', 'two', 'three', 'four', 'five'].map((text) => ({ role: 'user' as const, content: text }));
  const created = await sdk.responses.create({ model: 'a/m', input });
  assert.equal((await sdk.responses.retrieve(created.id)).id, created.id);
  await assert.rejects(client(gw, 'b').responses.retrieve(created.id), OpenAI.NotFoundError);

  const texts: string[] = [];
  for await (const item of sdk.responses.inputItems.list(created.id, { limit: 2, order: 'asc' })) {
    if (item.type === 'message' && item.content[0]?.type === 'input_text') texts.push(item.content[0].text);
  }
  assert.deepEqual(texts, ['one', 'two', 'three', 'four', 'five']);
  assert.equal(gw.requests.filter((request) => request.path.endsWith('/input_items')).length, 3);

  await sdk.responses.delete(created.id);
  await assert.rejects(sdk.responses.retrieve(created.id), OpenAI.NotFoundError);
});

test('background polling and cancel through the SDK', async (t) => {
  const gw = await withGateway(t, { backgroundPolls: 2 });
  const sdk = client(gw);
  const queued = await sdk.responses.create({ model: 'm', input: 'later', background: true });
  assert.equal(queued.status, 'queued');
  const statuses: string[] = [];
  let current = queued;
  while (current.status === 'queued' || current.status === 'in_progress') {
    current = await sdk.responses.retrieve(queued.id);
    statuses.push(current.status ?? '');
  }
  assert.deepEqual(statuses, ['in_progress', 'completed']);
  assert.match(current.output_text, /> later$/);

  const other = await sdk.responses.create({ model: 'm', input: 'stop', background: true });
  assert.equal((await sdk.responses.cancel(other.id)).status, 'cancelled');
  await assert.rejects(sdk.responses.cancel(current.id), OpenAI.BadRequestError);
});
