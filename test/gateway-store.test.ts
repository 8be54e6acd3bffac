// The fake gateway's stored responses over plain HTTP: per-provider storage,
// retrieve, delete, input items paging, background polling and cancel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { call } from './helpers/gateway-http.ts';

test('a stored response is visible only to the provider that created it', async (t) => {
  const gw = await withGateway(t);
  const created = (await call(gw, 'POST', '/responses', { provider: 'a', body: { model: 'a/m', input: 'hi' } })).json;
  const got = await call(gw, 'GET', `/responses/${created.id}`, { provider: 'a' });
  assert.equal(got.status, 200);
  assert.deepEqual(got.json, created);
  assert.deepEqual(gw.responses('a').get(created.id), created);
  assert.equal(gw.responses('b').size, 0);

  const notFound = {
    error: { message: `Response with id '${created.id}' not found.`, type: 'invalid_request_error', code: 'not_found', param: null },
  };
  for (const [method, path] of [['GET', ''], ['DELETE', ''], ['POST', '/cancel'], ['GET', '/input_items']] as const) {
    const other = await call(gw, method, `/responses/${created.id}${path}`, { provider: 'b' });
    assert.equal(other.status, 404, `${method} ${path}`);
    assert.deepEqual(other.json, notFound);
  }
});

test('store: false keeps nothing', async (t) => {
  const gw = await withGateway(t);
  const created = (await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'hi', store: false } })).json;
  assert.equal(created.store, false);
  assert.equal((await call(gw, 'GET', `/responses/${created.id}`)).status, 404);
});

test('DELETE removes a response for good', async (t) => {
  const gw = await withGateway(t);
  const { id } = (await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'hi' } })).json;
  const deleted = await call(gw, 'DELETE', `/responses/${id}`);
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.json, { id, object: 'response', deleted: true });
  assert.equal((await call(gw, 'GET', `/responses/${id}`)).status, 404);
  assert.equal((await call(gw, 'DELETE', `/responses/${id}`)).status, 404);
});

test('input_items lists a string input as one user message', async (t) => {
  const gw = await withGateway(t);
  const { id } = (await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'hello' } })).json;
  const { json } = await call(gw, 'GET', `/responses/${id}/input_items`);
  assert.equal(json.object, 'list');
  assert.equal(json.has_more, false);
  assert.equal(json.data.length, 1);
  const [item] = json.data;
  assert.match(item.id, /^msg_/);
  assert.deepEqual({ ...item, id: 'x' }, { id: 'x', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] });
  assert.deepEqual([json.first_id, json.last_id], [item.id, item.id]);
});

test('input_items pages with limit, after and order', async (t) => {
  const gw = await withGateway(t);
  const input = [
    { role: 'user', content: 'one', id: 'msg_1' },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'two' }] },
    { role: 'user', content: [{ type: 'input_text', text: 'three' }] },
  ];
  const { id } = (await call(gw, 'POST', '/responses', { body: { model: 'm', input } })).json;
  const list = async (query: string) => (await call(gw, 'GET', `/responses/${id}/input_items${query}`)).json;

  const all = await list('?order=asc');
  assert.deepEqual(all.data.map((item: { content: { text: string }[] }) => item.content[0]?.text), ['one', 'two', 'three']);
  assert.equal(all.data[0].id, 'msg_1', 'ids that were sent are kept');
  assert.deepEqual(all.data[0].content, [{ type: 'input_text', text: 'one' }]);
  assert.equal(all.data[0].type, 'message');

  const newestFirst = await list('?limit=2');
  assert.deepEqual(newestFirst.data.map((item: { id: string }) => item.id), [all.data[2].id, all.data[1].id]);
  assert.equal(newestFirst.has_more, true);
  assert.equal(newestFirst.last_id, all.data[1].id);
  const rest = await list(`?limit=2&after=${newestFirst.last_id}`);
  assert.deepEqual(rest.data.map((item: { id: string }) => item.id), ['msg_1']);
  assert.equal(rest.has_more, false);

  for (const bad of ['?limit=0', '?limit=101', '?limit=x', '?order=up', '?after=msg_nope']) {
    const reply = await call(gw, 'GET', `/responses/${id}/input_items${bad}`);
    assert.equal(reply.status, 400, bad);
  }
});

test('a background response is queued, then in progress, then completed after backgroundPolls GETs', async (t) => {
  const gw = await withGateway(t, { backgroundPolls: 3 });
  const queued = (await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'later', background: true } })).json;
  assert.equal(queued.status, 'queued');
  assert.equal(queued.background, true);
  assert.deepEqual(queued.output, []);
  const poll = async () => (await call(gw, 'GET', `/responses/${queued.id}`)).json;
  assert.equal((await poll()).status, 'in_progress');
  assert.equal((await poll()).status, 'in_progress');
  const done = await poll();
  assert.equal(done.status, 'completed');
  assert.equal(done.id, queued.id);
  assert.match(done.output[0].content[0].text, /> later$/);
  assert.equal((await poll()).status, 'completed');
});

test('a background response of the failed model ends as failed', async (t) => {
  const gw = await withGateway(t, { backgroundPolls: 1 });
  const { id } = (await call(gw, 'POST', '/responses', { body: { model: 'failed', input: 'x', background: true } })).json;
  assert.equal((await call(gw, 'GET', `/responses/${id}`)).json.status, 'failed');
});

test('background needs store', async (t) => {
  const gw = await withGateway(t);
  const reply = await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'x', background: true, store: false } });
  assert.equal(reply.status, 400);
  assert.equal(reply.json.error.param, 'store');
});

test('cancel stops a running background response but not a finished one', async (t) => {
  const gw = await withGateway(t);
  const running = (await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'x', background: true } })).json;
  await call(gw, 'GET', `/responses/${running.id}`);
  const cancelled = await call(gw, 'POST', `/responses/${running.id}/cancel`);
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.json.status, 'cancelled');
  assert.equal((await call(gw, 'GET', `/responses/${running.id}`)).json.status, 'cancelled');
  assert.equal((await call(gw, 'GET', `/responses/${running.id}`)).json.status, 'cancelled', 'polling does not revive it');
  assert.equal((await call(gw, 'POST', `/responses/${running.id}/cancel`)).json.status, 'cancelled', 'cancel is idempotent');

  const finished = (await call(gw, 'POST', '/responses', { body: { model: 'm', input: 'x' } })).json;
  const refused = await call(gw, 'POST', `/responses/${finished.id}/cancel`);
  assert.equal(refused.status, 400);
  assert.match(refused.json.error.message, /Cannot cancel a response that is not in progress/);
});
