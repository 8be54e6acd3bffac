// The fake gateway over plain HTTP: routing, auth, errors, the Response
// object, the misbehaving models, recording and shutdown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { call, KEY, send } from './helpers/gateway-http.ts';

const REQUEST_ID = /^req_[0-9a-f]+$/;

test('every response carries an x-request-id, errors included', async (t) => {
  const gw = await withGateway(t);
  const replies = [
    await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'hi' } }),
    await call(gw, 'POST', '/responses', { key: 'wrong', body: {} }),
    await call(gw, 'POST', '/responses', { body: { model: 'html-error', input: 'hi' } }),
    await call(gw, 'POST', '/responses', { body: { model: 'empty-error', input: 'hi' } }),
    await call(gw, 'GET', '/../../nowhere'),
  ];
  for (const reply of replies) assert.match(reply.headers.get('x-request-id') ?? '', REQUEST_ID);
  const ids = new Set(replies.map((reply) => reply.headers.get('x-request-id')));
  assert.equal(ids.size, replies.length, 'request ids are unique');
});

test('paths outside /api/llm and unknown routes are 404 with an OpenAI error body', async (t) => {
  const gw = await withGateway(t);
  const outside = await fetch(`${gw.origin}/v1/responses`, { method: 'POST' });
  assert.equal(outside.status, 404);
  assert.equal(outside.headers.get('content-type'), 'application/json');
  assert.deepEqual(await outside.json(), {
    error: { message: 'Invalid URL (POST /v1/responses)', type: 'invalid_request_error', code: 'unknown_url', param: null },
  });
  assert.equal((await call(gw, 'PUT', '/responses')).status, 404);
  assert.equal((await call(gw, 'GET', '/responses/x/y')).status, 404);
});

test('a missing or unknown key is 401, and the key is never echoed', async (t) => {
  const lines: string[] = [];
  const gw = await withGateway(t, { apiKeys: ['k1', 'k2'], log: (line) => lines.push(line) });
  const expected = { error: { message: 'Invalid API key', type: 'authentication_error', code: 'invalid_api_key', param: null } };
  for (const key of [null, 'sk-secret-guess', KEY]) {
    const reply = await call(gw, 'POST', '/responses', { key, body: { model: 'm', input: 'hi' } });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.json, expected);
  }
  assert.equal((await call(gw, 'POST', '/responses', { key: 'k2', body: { model: 'm', input: 'hi' } })).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 20)); // log lines are written on 'close'
  assert.equal(lines.length, 4);
  assert.ok(lines.every((line) => !line.includes('secret') && !line.includes('k2')), lines.join('\n'));
});

test('/responses routes need the x-tfy-provider-name header; provider "forbidden" is 403', async (t) => {
  const gw = await withGateway(t);
  const routes: [string, string][] = [
    ['POST', '/responses'], ['GET', '/responses/r'], ['DELETE', '/responses/r'],
    ['POST', '/responses/r/cancel'], ['GET', '/responses/r/input_items'],
  ];
  for (const [method, path] of routes) {
    const body = method === 'POST' ? { model: 'm', input: 'hi' } : undefined;
    const missing = await call(gw, method, path, { provider: null, body });
    assert.equal(missing.status, 400, `${method} ${path}`);
    assert.match(missing.json.error.message, /header 'x-tfy-provider-name' is missing/);
  }
  const forbidden = await call(gw, 'POST', '/responses', { provider: 'forbidden', body: { model: 'm', input: 'hi' } });
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.json.error.type, 'permission_error');
  assert.equal(forbidden.json.error.message, 'this key is not allowed to use provider forbidden');
});

test('bad create bodies are 400 and name the parameter', async (t) => {
  const gw = await withGateway(t);
  const notJson = await call(gw, 'POST', '/responses', { body: '{"model": ' });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.json.error.type, 'invalid_request_error');
  assert.equal((await call(gw, 'POST', '/responses', { body: { input: 'hi' } })).json.error.param, 'model');
  assert.equal((await call(gw, 'POST', '/responses', { body: { model: 'm' } })).json.error.param, 'input');
  assert.equal((await call(gw, 'POST', '/responses', { body: { model: 'm', input: 5 } })).json.error.param, 'input');
  const previous = await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'hi', previous_response_id: 'resp_nope' } });
  assert.equal(previous.status, 400);
  assert.equal(previous.json.error.param, 'previous_response_id');
});

test('create returns a Response object, echoes request fields and names the resolved model', async (t) => {
  const gw = await withGateway(t);
  const before = Math.floor(Date.now() / 1000);
  const first = await call(gw, 'POST', '/responses', { provider: 'openai-main', body: { model: 'openai-main/gpt-4o', input: 'one two' } });
  const body = {
    model: 'openai-main/gpt-4o',
    input: 'Say hello to the world',
    instructions: 'Be brief',
    temperature: 0.2,
    top_p: 0.9,
    max_output_tokens: 50,
    previous_response_id: first.json.id,
    metadata: { run: '7' },
    reasoning: { effort: 'low' },
  };
  const reply = await call(gw, 'POST', '/responses', { provider: 'openai-main', body });
  assert.equal(reply.status, 200);
  assert.equal(reply.headers.get('content-type'), 'application/json');
  assert.equal(reply.headers.get('x-tfy-resolved-model'), 'openai-main/gpt-4o-2024-08-06');
  const response = reply.json;
  assert.match(response.id, /^resp_[0-9a-f]{24}$/);
  assert.equal(response.object, 'response');
  assert.ok(response.created_at >= before && response.created_at <= Date.now() / 1000 + 1);
  assert.equal(response.status, 'completed');
  assert.equal(response.model, 'openai-main/gpt-4o');
  const { instructions, temperature, top_p, max_output_tokens, previous_response_id, metadata, reasoning } = response;
  assert.deepEqual(
    { instructions, temperature, top_p, max_output_tokens, previous_response_id, metadata, reasoning },
    { instructions: 'Be brief', temperature: 0.2, top_p: 0.9, max_output_tokens: 50, previous_response_id: first.json.id, metadata: { run: '7' }, reasoning: { effort: 'low' } },
  );
  assert.equal(response.store, true);
  assert.equal(response.background, false);
  assert.deepEqual(response.text, { format: { type: 'text' } });
  assert.equal(response.error, null);
  assert.equal(response.incomplete_details, null);
  assert.equal(response.output.length, 1);
  const [message] = response.output;
  assert.match(message.id, /^msg_/);
  assert.deepEqual({ ...message, id: 'x' }, {
    type: 'message', id: 'x', status: 'completed', role: 'assistant',
    content: [{
      type: 'output_text',
      annotations: [],
      // A follow-up says which turn it is, so a chat shows its conversation is carried on.
      text: `**Hello from the demo gateway.**\n\nYou sent *5 words* to \`openai-main/gpt-4o\` via provider \`openai-main\`.\n\nTurn 2 of this conversation, after \`${first.json.id}\`.\n\n> Say hello to the world`,
    }],
  });
  // Words are tokens: 5 input words + 2 of instructions; 27 words of output.
  assert.deepEqual(response.usage, {
    input_tokens: 7, input_tokens_details: { cached_tokens: 0 },
    output_tokens: 27, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 34,
  });
});

test('the reply counts images and files and quotes the first 200 characters of the text', async (t) => {
  const gw = await withGateway(t);
  const long = 'word '.repeat(100).trim();
  const input = [{
    role: 'user',
    content: [
      { type: 'input_text', text: long },
      { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
      { type: 'input_image', image_url: 'https://example.com/cat.png' },
      { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
    ],
  }];
  const { json } = await call(gw, 'POST', '/responses', { body: { model: 'demo', input } });
  assert.equal(
    json.output[0].content[0].text,
    `**Hello from the demo gateway.**\n\nYou sent *100 words*, 2 images, 1 file to \`demo\` via provider \`p\`.\n\n> ${long.slice(0, 200)}`,
  );
});

test('a json_schema text format gets a JSON reply echoing the text', async (t) => {
  const gw = await withGateway(t);
  const format = { type: 'json_schema', name: 'echo', strict: true, schema: { type: 'object' } };
  const { json } = await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'ping "me"', text: { format } } });
  assert.equal(json.output[0].content[0].text, '{"echo":"ping \\"me\\""}');
  assert.deepEqual(JSON.parse(json.output[0].content[0].text), { echo: 'ping "me"' });
  assert.deepEqual(json.text, { format });
});

test('models that fail with an HTTP error', async (t) => {
  const gw = await withGateway(t, { retryAfterSeconds: 7 });
  const create = (model: string) => call(gw, 'POST', '/responses', { body: { model: `prov/${model}`, input: 'hi' } });

  const e500 = await create('always-500');
  assert.equal(e500.status, 500);
  assert.equal(e500.json.error.type, 'server_error');

  const e429 = await create('rate-limited');
  assert.equal(e429.status, 429);
  assert.equal(e429.headers.get('retry-after'), '7');
  assert.equal(e429.json.error.type, 'rate_limit_exceeded');

  const html = await create('html-error');
  assert.equal(html.status, 502);
  assert.equal(html.headers.get('content-type'), 'text/html');
  assert.equal(html.text, '<html><body><h1>502 Bad Gateway</h1></body></html>');

  const empty = await create('empty-error');
  assert.equal(empty.status, 500);
  assert.equal(empty.text, '');

  const forbidden = await create('forbidden-model');
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.json.error.type, 'permission_error');

  const bad = await create('bad-request');
  assert.equal(bad.status, 400);
  assert.deepEqual([bad.json.error.type, bad.json.error.param], ['invalid_request_error', 'model']);
  assert.equal(gw.responses('p').size, 0, 'failed requests store nothing');
});

test('models that answer 200 with an unusual response', async (t) => {
  const gw = await withGateway(t);
  const create = async (model: string) => (await call(gw, 'POST', '/responses', { body: { model, input: 'hi there' } })).json;

  const incomplete = await create('incomplete');
  assert.equal(incomplete.status, 'incomplete');
  assert.deepEqual(incomplete.incomplete_details, { reason: 'max_output_tokens' });
  assert.equal(incomplete.output[0].status, 'incomplete');
  assert.ok((await create('m')).output[0].content[0].text.startsWith(incomplete.output[0].content[0].text));

  const failed = await create('failed');
  assert.equal(failed.status, 'failed');
  assert.deepEqual(failed.error, { code: 'server_error', message: 'The model failed to generate a response.' });
  assert.deepEqual(failed.output, []);

  const reasoning = await create('reasoning');
  assert.deepEqual(reasoning.output.map((item: { type: string }) => item.type), ['reasoning', 'message']);
  assert.equal(reasoning.output[0].summary[0].type, 'summary_text');
  assert.ok(reasoning.usage.output_tokens_details.reasoning_tokens > 0);

  const refusal = await create('refusal');
  assert.deepEqual(refusal.output[0].content, [{ type: 'refusal', refusal: "I can't help with that." }]);

  const tool = await create('tool-call');
  assert.equal(tool.output.length, 1);
  assert.deepEqual({ ...tool.output[0], id: 'fc', call_id: 'call' }, {
    type: 'function_call', id: 'fc', call_id: 'call', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed',
  });
});

test('the slow model answers after slowMs, and stops if the client goes away', async (t) => {
  const gw = await withGateway(t, { slowMs: 150 });
  const started = performance.now();
  assert.equal((await call(gw, 'POST', '/responses', { body: { model: 'slow', input: 'hi' } })).status, 200);
  assert.ok(performance.now() - started >= 140);

  await assert.rejects(call(gw, 'POST', '/responses', { body: { model: 'slow', input: 'gone' }, signal: AbortSignal.timeout(30) }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(gw.responses('p').size, 1, 'the abandoned request stored nothing');
});

test('every request is recorded, rejected ones included, and clear() forgets them', async (t) => {
  const gw = await withGateway(t);
  await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'hi' }, headers: { 'X-Custom': 'Yes' } });
  await call(gw, 'GET', '/responses/abc/input_items?limit=5&order=asc', { key: 'bad' });
  await call(gw, 'POST', '/responses', { body: 'not json' });
  assert.equal(gw.requests.length, 3);
  const [create, rejected, broken] = gw.requests;
  assert.deepEqual([create?.method, create?.path, create?.query], ['POST', '/api/llm/responses', {}]);
  assert.equal(create?.headers['x-custom'], 'Yes');
  assert.equal(create?.headers['authorization'], `Bearer ${KEY}`);
  assert.equal(create?.headers['x-tfy-provider-name'], 'p');
  assert.deepEqual(create?.body, { model: 'm', input: 'hi' });
  assert.equal(create?.rawBody, '{"model":"m","input":"hi"}');
  assert.deepEqual([rejected?.path, rejected?.query, rejected?.body], ['/api/llm/responses/abc/input_items', { limit: '5', order: 'asc' }, undefined]);
  assert.deepEqual([broken?.body, broken?.rawBody], [undefined, 'not json']);
  gw.clear();
  assert.equal(gw.requests.length, 0);
});

test('GET /models lists the demo models', async (t) => {
  const gw = await withGateway(t);
  const { json } = await call(gw, 'GET', '/models', { provider: null });
  assert.equal(json.object, 'list');
  assert.ok(json.data.some((model: { id: string }) => model.id === 'my-openai/rate-limited'));
  assert.ok(json.data.some((model: { id: string; owned_by: string }) => model.id === 'my-anthropic/claude-sonnet-4' && model.owned_by === 'my-anthropic'));
});

test('close() is prompt with keep-alive connections and an open stream', async (t) => {
  const gw = await withGateway(t, { streamPauseMs: 60_000 });
  await call(gw, 'GET', '/models');
  const stream = await send(gw, 'POST', '/responses', { body: { model: 'slow-stream', input: 'a b c d e f g h', stream: true } });
  const reader = stream.body?.getReader();
  await reader?.read();
  const started = performance.now();
  await gw.close();
  assert.ok(performance.now() - started < 1000);
  await assert.rejects(async () => {
    for (;;) if ((await reader?.read())?.done !== false) throw new Error('stream ended without an error');
  });
  await gw.close(); // a second close is harmless
});
