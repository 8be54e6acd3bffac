// The batch commands against tiny servers that misbehave, one way each: every field they send is
// untrusted. A repeated cursor must not loop, an odd status is shown as is (and safely), HTML is not
// JSON, an id that is not an id never reaches a URL, and a result file with an endless line is refused.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { KEY, runCli, tempDir } from './helpers/run-cli.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function withServer(t: TestContext, handler: Handler): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/llm`, paths };
}

function json(res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const batch = (fields: Record<string, unknown> = {}) => ({ id: 'batch_1', object: 'batch', status: 'completed', request_counts: { total: 1, completed: 1, failed: 0 }, ...fields });

function cli(t: TestContext, url: string, argv: string[], extraDeps: Record<string, unknown> = {}) {
  const dir = tempDir(t);
  return runCli(argv, { env: { TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: dir, TFY_LLM_PROVIDER: 'p' }, extraDeps: { cwd: dir, ...extraDeps } as never });
}

test('list: a cursor that comes back again ends the listing; each batch is listed once', async (t) => {
  const server = await withServer(t, (_req, res) => json(res, { object: 'list', data: [batch({ id: 'batch_a' }), batch({ id: 'batch_b' })], has_more: true }));
  const result = await cli(t, server.url, ['batch', 'list']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.match(/^batch_a /gm)?.length, 1);
  assert.equal(result.stdout.match(/^batch_b /gm)?.length, 1);
  assert.ok(server.paths.length <= 2, server.paths.join('\n'));
});

test('an unknown status is shown as the gateway said it, control characters removed; results call it not ready', async (t) => {
  const server = await withServer(t, (_req, res) => json(res, batch({ status: 'paused_by_admin\u001b]0;pwned\u0007', request_counts: { total: 'lots', completed: -3 } })));
  const status = await cli(t, server.url, ['batch', 'status', 'batch_1']);
  assert.equal(status.code, 0, status.stderr);
  assert.equal(status.stdout, 'batch_1  paused_by_admin]0;pwned\n');
  const results = await cli(t, server.url, ['batch', 'results', 'batch_1']);
  assert.equal(results.code, 7);
  assert.match(results.stderr, /not ready: batch_1 is paused_by_admin\]0;pwned\n/);
});

test('a web page instead of the API\'s JSON is an error that says so', async (t) => {
  const server = await withServer(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><html><body>Welcome</body></html>');
  });
  const result = await cli(t, server.url, ['batch', 'status', 'batch_1']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /HTML page/);
});

test('a file id that is not an id is refused, and never requested', async (t) => {
  const server = await withServer(t, (_req, res) => json(res, batch({ output_file_id: '../../admin/keys' })));
  const result = await cli(t, server.url, ['batch', 'results', 'batch_1']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error: the gateway's answer is not a valid batch/);
  assert.deepEqual(server.paths, ['GET /api/llm/batches/batch_1']);
});

test('result files: an endless line is refused (no file left behind), HTML is named, garbage is not a result', async (t) => {
  let content: (res: ServerResponse) => void = () => {};
  const server = await withServer(t, (req, res) => {
    if (req.url?.endsWith('/content')) content(res);
    else json(res, batch({ output_file_id: 'file_out' }));
  });
  content = (res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 40; i++) res.write(chunk);
    res.end();
  };
  const dir = tempDir(t);
  const endless = await runCli(['batch', 'results', 'batch_1', '-o', 'out.jsonl'], {
    env: { TFY_LLM_BASE_URL: server.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: dir, TFY_LLM_PROVIDER: 'p' },
    extraDeps: { cwd: dir, batchMaxResultLine: 1024 * 1024 } as never,
  });
  assert.equal(endless.code, 1);
  assert.match(endless.stderr, /^error: the gateway sent a line longer than 1 M characters as the content of file_out, not JSONL results/);
  assert.equal(existsSync(join(dir, 'out.jsonl')), false);

  content = (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>502 Bad Gateway</body></html>');
  };
  const html = await cli(t, server.url, ['batch', 'results', 'batch_1']);
  assert.equal(html.code, 1);
  assert.match(html.stderr, /^error: the gateway answered HTTP 200 with an HTML page, not JSON/);

  content = (res) => {
    res.writeHead(200);
    res.end('{"custom_id": "a", "response": {"status_code": "two hundred"}}\n');
  };
  const garbage = await cli(t, server.url, ['batch', 'results', 'batch_1']);
  assert.equal(garbage.code, 1);
  assert.match(garbage.stderr, /line 1 that is not a batch result/);
});
