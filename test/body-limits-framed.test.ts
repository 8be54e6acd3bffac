// limitBody: an answer framed by a Content-Length within the limit and not compressed is passed on as it
// is (no counting pipe: a batch gets 1,000s a second); anything else is still counted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limitBody, MAX_BODY_BYTES } from '../src/http/body-limits.ts';

const answer = (headers: Record<string, string>) => new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json', ...headers } });

test('a small identity body with a Content-Length is passed on as it is', async () => {
  const response = answer({ 'content-length': '11' });
  const limited = limitBody(response, 'http://127.0.0.1');
  assert.equal(limited, response);
  assert.equal(await limited.text(), '{"ok":true}');
});

test('no Content-Length, a compressed body, or a length over the limit: counted', () => {
  for (const headers of [{}, { 'content-length': '11', 'content-encoding': 'gzip' }, { 'content-length': String(MAX_BODY_BYTES + 1) }, { 'content-length': '1e3' }]) {
    const response = answer(headers);
    assert.notEqual(limitBody(response, 'http://127.0.0.1'), response, JSON.stringify(headers));
  }
});
