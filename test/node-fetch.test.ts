// src/http/node-fetch.ts on its own: a decoded event stream lets go of its connection when its reader
// stops (a cancel, or a body that does not decode), as fetch does; otherwise the socket would keep the
// process alive.
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { gzipSync, createGzip, constants } from 'node:zlib';
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
