// A gateway that says the key back in its answers (long error bodies, plain text, a failed response's message,
// an incomplete reason): the key must never reach the output, whole or in part.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY as DEMO_KEY, runCli, tempDir } from './helpers/run-cli.ts';

const KEY = 'tfy-SECRETKEY0123456789abcdef';

/** Answers every request by the x-mode header, echoing the Authorization header it got. */
async function hostile(t: TestContext): Promise<string> {
  const server: Server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const key = auth.replace(/^Bearer /, '');
    const mode = req.headers['x-mode'];
    // The paddings put the 200-character cut of an error text in the middle of the key.
    req.resume();
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_hostile' });
      res.end(JSON.stringify(body));
    };
    if (mode === 'clip') return json(500, { details: { pad: 'x'.repeat(150), got: auth } });
    if (mode === 'text') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return void res.end(`${'y'.repeat(170)}${auth}`);
    }
    const base = { id: 'resp_hostile', object: 'response', created_at: 0, model: 'p/m', output: [] };
    if (mode === 'failed') return json(200, { ...base, status: 'failed', error: { code: 'server_error', message: `upstream rejected key ${key}\nsecond line` } });
    return json(200, { ...base, status: 'incomplete', incomplete_details: { reason: `key ${key}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

/** No run of 8 or more characters of the key appears anywhere. */
function assertNoKey(text: string): void {
  for (let i = 0; i + 8 <= KEY.length; i++) assert.ok(!text.includes(KEY.slice(i, i + 8)), `a piece of the key leaked: ${text}`);
}

test('a long or non-JSON error body that quotes the key is cut after the key is masked, never before', async (t) => {
  const url = await hostile(t);
  for (const mode of ['clip', 'text']) {
    const result = await runCli(['create', 'hi', '-m', 'p/m', '-H', `x-mode: ${mode}`, '--max-retries', '0', '--json'], { env: { TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY } });
    assert.equal(result.code, 1, mode);
    assert.match(result.stderr, /^error: /);
    assertNoKey(result.stdout + result.stderr);
  }
});

test("a failed response's message and an incomplete reason are shown on one line, without the key", async (t) => {
  const url = await hostile(t);
  const env = { TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY };
  const failed = await runCli(['create', 'hi', '-m', 'p/m', '-H', 'x-mode: failed', '--no-stream'], { env });
  assert.equal(failed.code, 1);
  const [line, hintOrNothing] = failed.stderr.split('\n');
  assert.match(line ?? '', /^error: the response resp_hostile failed: upstream rejected key tfy-…cdef second line \[request id: req_hostile\]$/);
  assert.ok(hintOrNothing === '' || hintOrNothing?.startsWith('hint:'));
  assertNoKey(failed.stdout + failed.stderr);
  const incomplete = await runCli(['create', 'hi', '-m', 'p/m', '-H', 'x-mode: incomplete'], { env });
  assert.equal(incomplete.code, 0);
  assert.match(incomplete.stderr, /warning: the response is incomplete \(key tfy-…cdef\)/);
  assertNoKey(incomplete.stdout + incomplete.stderr);
});

test('delete --dry-run with several ids prints every request and sends none', async (t) => {
  const gw = await withGateway(t);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: DEMO_KEY, TFY_LLM_CONFIG_DIR: tempDir(t) };
  const result = await runCli(['delete', 'resp_a', 'resp_b', '--provider', 'p', '--dry-run'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.match(/^DELETE .*\/responses\/resp_[ab]$/gm)?.length, 2, result.stdout);
  const json = await runCli(['delete', 'resp_a', 'resp_b', '--provider', 'p', '--dry-run', '--json'], { env });
  assert.equal(json.code, 0, json.stderr);
  const docs = json.stdout.trim().split('\n').filter(Boolean);
  assert.ok(docs.length >= 2 && !json.stdout.includes('[]'), json.stdout);
  assert.equal(gw.requests.length, 0);
});
