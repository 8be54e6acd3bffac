// The fake gateway's streaming over plain HTTP: the SSE frames, their order,
// and the slow and cut streams.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { call, readFrames, send, type Frame, type Json } from './helpers/gateway-http.ts';

const stream = (gw: Parameters<typeof send>[0], model: string, extra: Record<string, unknown> = {}) =>
  send(gw, 'POST', '/responses', { body: { model, input: 'please stream this reply to me', stream: true, ...extra } });

const types = (frames: Frame[]) => frames.map((frame) => frame.event);

test('a stream sends the standard events in order and ends with response.completed', async (t) => {
  const gw = await withGateway(t);
  const response = await stream(gw, 'openai-main/gpt-4o');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
  assert.equal(response.headers.get('x-tfy-resolved-model'), 'p/gpt-4o-2024-08-06');
  const { frames, error } = await readFrames(response);
  assert.equal(error, undefined);

  const deltas = frames.filter((frame) => frame.event === 'response.output_text.delta');
  assert.ok(deltas.length >= 3, 'the text comes in several deltas');
  assert.deepEqual(types(frames), [
    'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
    ...deltas.map(() => 'response.output_text.delta'),
    'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
  ]);
  frames.forEach((frame, index) => {
    assert.equal(frame.data.type, frame.event);
    assert.equal(frame.data.sequence_number, index);
  });

  const [created] = frames;
  assert.equal(created?.data.response.status, 'in_progress');
  assert.deepEqual(created?.data.response.output, []);
  const completed = frames.at(-1)?.data.response;
  const text = completed.output[0].content[0].text;
  assert.equal(deltas.map((frame) => frame.data.delta).join(''), text);
  assert.deepEqual(Object.keys(deltas[0]?.data).sort(), ['content_index', 'delta', 'item_id', 'logprobs', 'output_index', 'sequence_number', 'type']);
  assert.deepEqual([deltas[0]?.data.item_id, deltas[0]?.data.output_index, deltas[0]?.data.content_index], [completed.output[0].id, 0, 0]);
  assert.equal(frames.find((frame) => frame.event === 'response.output_text.done')?.data.text, text);

  const stored = await call(gw, 'GET', `/responses/${completed.id}`);
  assert.deepEqual(stored.json, completed, 'the streamed response is stored like a plain one');
});

test('incomplete and failed streams end with their own event', async (t) => {
  const gw = await withGateway(t);
  const incomplete = (await readFrames(await stream(gw, 'incomplete'))).frames;
  assert.equal(incomplete.at(-1)?.event, 'response.incomplete');
  assert.equal(incomplete.at(-1)?.data.response.status, 'incomplete');
  const failed = (await readFrames(await stream(gw, 'failed'))).frames;
  assert.deepEqual(types(failed), ['response.created', 'response.in_progress', 'response.failed']);
  assert.equal(failed.at(-1)?.data.response.error.code, 'server_error');
});

test('reasoning, refusal and tool-call stream their own item events', async (t) => {
  const gw = await withGateway(t);
  const reasoning = types((await readFrames(await stream(gw, 'reasoning'))).frames);
  assert.ok(reasoning.indexOf('response.reasoning_summary_text.delta') < reasoning.indexOf('response.output_text.delta'));
  const refusal = types((await readFrames(await stream(gw, 'refusal'))).frames);
  assert.ok(refusal.includes('response.refusal.delta') && refusal.includes('response.refusal.done'));
  const tool = (await readFrames(await stream(gw, 'tool-call'))).frames;
  assert.equal(tool.find((frame) => frame.event === 'response.function_call_arguments.done')?.data.arguments, '{"city":"Paris"}');
});

test('slow-stream pauses after the first delta, frames arriving as they are written', async (t) => {
  const gw = await withGateway(t, { streamPauseMs: 300 });
  const { frames } = await readFrames(await stream(gw, 'slow-stream'));
  const deltas = frames.filter((frame) => frame.event === 'response.output_text.delta');
  const [first, second] = deltas;
  assert.ok(first && second);
  assert.ok(second.at - first.at >= 250, `pause was ${second.at - first.at}ms`);
  assert.ok(first.at - (frames[0]?.at ?? 0) < 200, 'the first delta was not held back');
  assert.equal(frames.at(-1)?.event, 'response.completed');
});

test('cut-stream drops the connection after two deltas', async (t) => {
  const gw = await withGateway(t);
  const { frames, error } = await readFrames(await stream(gw, 'cut-stream'));
  assert.ok(error, 'reading the body fails');
  assert.equal(frames.filter((frame) => frame.event === 'response.output_text.delta').length, 2);
  assert.ok(!types(frames).some((type) => type === 'response.completed' || type === 'response.failed'));
  assert.equal(gw.responses('p').size, 0);
});

test('error models fail before streaming, as plain HTTP errors', async (t) => {
  const gw = await withGateway(t);
  const reply = await stream(gw, 'rate-limited');
  assert.equal(reply.status, 429);
  assert.equal(reply.headers.get('content-type'), 'application/json');
  assert.equal(((await reply.json()) as Json).error.code, 'rate_limit_exceeded');
});

test('stream-error sends one delta, then an error event, and no final event', async (t) => {
  const gw = await withGateway(t);
  const { frames, error } = await readFrames(await stream(gw, 'stream-error'));
  assert.equal(error, undefined, 'the stream ends cleanly');
  assert.equal(frames.filter((frame) => frame.event === 'response.output_text.delta').length, 1);
  const last = frames.at(-1);
  assert.equal(last?.event, 'error');
  assert.deepEqual(
    { type: last?.data.type, code: last?.data.code, sequence_number: last?.data.sequence_number },
    { type: 'error', code: 'server_error', sequence_number: frames.length - 1 },
  );
  assert.match(last?.data.message, /internal error/);
  assert.ok(!types(frames).some((type) => type.startsWith('response.completed') || type === 'response.failed'));
});
