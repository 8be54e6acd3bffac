// src/http/node-fetch.ts on its own: a decoded event stream lets go of its connection when its reader
// stops (a cancel, or a body that does not decode), as fetch does; otherwise the socket would keep the
// process alive.
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { gzipSync, createGzip, constants } from 'node:zlib';
import { getEventListeners } from 'node:events';
import { nodeFetch } from '../src/http/node-fetch.ts';

async function server(t: TestContext, answer: (res: ServerResponse) => void): Promise<{ url: string; closed: Promise<void> }> {
  let closed!: () => void;
  const done = new Promise<void>((resolve) => (closed = resolve));
  const http = createServer((req, res) => {
    req.resume();
    res.on('close', closed);
    answer(res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    http.closeAllConnections();
    http.close();
  });
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/events`, closed: done };
}

const within = (promise: Promise<void>, ms: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);

test('a gzip event stream: read as it comes, and cancelling it closes the connection', async (t) => {
  const { url, closed } = await server(t, (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
    const gzip = createGzip({ flush: constants.Z_SYNC_FLUSH });
    gzip.pipe(res);
    const tick = setInterval(() => gzip.write('data: {"type":"tick"}\n\n'), 20);
    res.on('close', () => clearInterval(tick));
  });
  const response = await nodeFetch(url);
  assert.equal(response.headers.get('content-encoding'), null, 'decoded, so the header goes');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const { value } = await reader.read();
  assert.match(Buffer.from(value ?? new Uint8Array()).toString(), /^data: \{"type":"tick"\}/);
  await reader.cancel();
  assert.equal(await within(closed, 2000), true, 'the server saw the connection close');
});

test('an event stream that says gzip and is not: reading fails, and the connection is closed', async (t) => {
  const { url, closed } = await server(t, (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
    res.write('data: not gzip at all\n\n');
  });
  const response = await nodeFetch(url);
  await assert.rejects(response.text());
  assert.equal(await within(closed, 2000), true, 'the server saw the connection close');
});

test('a gzip answer of known length is decoded whole, with its decoded length', async (t) => {
  const text = JSON.stringify({ ok: true, padding: 'x'.repeat(5000) });
  const { url } = await server(t, (res) => {
    const body = gzipSync(text);
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
    res.end(body);
  });
  const response = await nodeFetch(url);
  assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(text)));
  assert.equal(await response.text(), text);
});

test('the request on the wire: method, path with query, one Host, every header once, the body with its length', async (t) => {
  let seen: { method: string | undefined; url: string | undefined; raw: string[]; body: string } = { method: undefined, url: undefined, raw: [], body: '' };
  const http = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      seen = { method: req.method, url: req.url, raw: req.rawHeaders, body };
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_1', 'transfer-encoding': 'chunked' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    http.closeAllConnections();
    http.close();
  });
  const port = (http.address() as AddressInfo).port;
  const response = await nodeFetch(`http://127.0.0.1:${port}/api/llm/responses?x=1&y=%20`, {
    method: 'post',
    headers: new Headers({ 'Content-Type': 'application/json', 'X-TFY-Provider-Name': 'p', Host: 'elsewhere.example' }),
    body: '{"input":"héllo"}',
  });
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/api/llm/responses?x=1&y=%20');
  const names = seen.raw.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
  const value = (name: string): string | undefined => seen.raw[seen.raw.findIndex((n, i) => i % 2 === 0 && n.toLowerCase() === name) + 1];
  assert.deepEqual(names.filter((n) => n === 'host'), ['host'], 'one Host header');
  assert.equal(value('host'), `127.0.0.1:${port}`, 'the Host is the URL\'s, whatever a caller put in');
  assert.equal(value('x-tfy-provider-name'), 'p');
  assert.equal(value('content-length'), String(Buffer.byteLength('{"input":"héllo"}')));
  assert.equal(new Set(names).size, names.length, `no header twice: ${names.join(', ')}`);
  assert.equal(seen.body, '{"input":"héllo"}');
  // The answer read whole: its length known, nothing of the connection (hop-by-hop headers), the
  // others as they came.
  assert.equal(response.headers.get('transfer-encoding'), null);
  assert.equal(response.headers.get('connection'), null);
  assert.equal(response.headers.get('keep-alive'), null);
  assert.equal(response.headers.get('content-length'), '11');
  assert.equal(response.headers.get('x-request-id'), 'req_1');
  assert.equal(await response.text(), '{"ok":true}');
});

test('a header value that cannot be sent is refused before anything is sent', async (t) => {
  let requests = 0;
  const { url } = await server(t, (res) => {
    requests += 1;
    res.end();
  });
  await assert.rejects(nodeFetch(url, { headers: { 'x-bad': 'a\r\nInjected: yes' } }));
  assert.equal(requests, 0);
});

test('the signal still ends a stream after the answer came: reading fails and the connection closes', async (t) => {
  const { url, closed } = await server(t, (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const tick = setInterval(() => res.write('data: {"type":"tick"}\n\n'), 20);
    res.on('close', () => clearInterval(tick));
  });
  const controller = new AbortController();
  const response = await nodeFetch(url, { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  controller.abort(new Error('stop'));
  const failure = await reader.read().then(
    function read(): Promise<unknown> {
      return reader.read().then((r) => (r.done ? undefined : read()));
    },
    (err: unknown) => err,
  );
  assert.ok(failure instanceof Error, 'the read failed');
  assert.equal(await within(closed, 2000), true, 'the server saw the connection close');
});

test('a signal already used by a finished request keeps no listener of it', async (t) => {
  const { url } = await server(t, (res) => res.end('{}'));
  const controller = new AbortController();
  for (let i = 0; i < 20; i++) await (await nodeFetch(url, { signal: controller.signal })).text();
  // The request's close comes a turn after its answer is read.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});

test('a POST with no body says it is empty (Content-Length: 0), as fetch does, not chunked', async (t) => {
  let seen: Record<string, string | string[] | undefined> = {};
  const http = createServer((req, res) => {
    seen = req.headers;
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    http.closeAllConnections();
    http.close();
  });
  await (await nodeFetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/cancel`, { method: 'POST' })).text();
  assert.equal(seen['content-length'], '0');
  assert.equal(seen['transfer-encoding'], undefined);
  await (await nodeFetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/x`, { method: 'GET' })).text();
  assert.equal(seen['content-length'], undefined, 'a GET has no length to say');
});

test('an abort while the first request waits for node:http to load is heard: nothing is sent', async (t) => {
  let requests = 0;
  const { url } = await server(t, (res) => {
    requests += 1;
    res.end('{}');
  });
  // A module instance of its own, so node:http is not loaded yet for it.
  const fresh = (await import(`../src/http/node-fetch.ts?first-request-${process.pid}`)) as typeof import('../src/http/node-fetch.ts');
  const controller = new AbortController();
  const sending = fresh.nodeFetch(url, { signal: controller.signal });
  controller.abort(new Error('stopped early'));
  await assert.rejects(sending, /stopped early/);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(requests, 0);
});
