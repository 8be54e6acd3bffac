import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { proxyFor, proxySettings, transportFor } from '../src/http/proxy.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { withForwardProxy } from './helpers/forward-proxy.ts';
import { KEY, ROOT, runCli, spawnCli } from './helpers/run-cli.ts';
import { deadPort } from './helpers/ports.ts';

const create = ['create', 'through', 'the', 'proxy', '-m', 'p/gpt-4o'];

test('HTTP_PROXY: the request goes through a real forward proxy, as an absolute-URI request', async (t) => {
  const gw = await withGateway(t);
  const proxy = await withForwardProxy(t);
  const result = await runCli(create, { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, HTTP_PROXY: proxy.url } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /> through the proxy/);
  assert.deepEqual(proxy.seen.map((r) => [r.method, r.target]), [['POST', `${gw.url}/responses`]]);
  // The gateway got it from the proxy, with the key and the routing header intact.
  assert.equal(gw.requests.length, 1);
  assert.equal(gw.requests[0]?.headers.authorization, `Bearer ${KEY}`);
  assert.equal(gw.requests[0]?.headers['x-tfy-provider-name'], 'p');
});

test('the built binary goes through the proxy too (undici is bundled as a lazily loaded chunk)', async (t) => {
  const gw = await withGateway(t);
  const proxy = await withForwardProxy(t);
  const result = await spawnCli(create, { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, HTTP_PROXY: proxy.url } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /> through the proxy\n$/);
  assert.equal(proxy.seen.length, 1);
});

test('lower-case http_proxy works too, and wins over HTTP_PROXY as in curl', async (t) => {
  const gw = await withGateway(t);
  const used = await withForwardProxy(t);
  const ignored = await withForwardProxy(t);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, http_proxy: used.url, HTTP_PROXY: ignored.url };
  const result = await runCli(create, { env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(used.seen.length, 1);
  assert.equal(ignored.seen.length, 0);
});

test('NO_PROXY lists the gateway host: the request goes direct and the proxy sees nothing', async (t) => {
  const gw = await withGateway(t);
  const proxy = await withForwardProxy(t);
  for (const noProxy of ['127.0.0.1', 'example.com, 127.0.0.1', `127.0.0.1:${gw.port}`, '*']) {
    gw.clear();
    const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, HTTP_PROXY: proxy.url, NO_PROXY: noProxy };
    const result = await runCli(create, { env });
    assert.equal(result.code, 0, `${noProxy}: ${result.stderr}`);
    assert.equal(gw.requests.length, 1, noProxy);
  }
  const lower = await runCli(create, { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, HTTP_PROXY: proxy.url, no_proxy: '127.0.0.1' } });
  assert.equal(lower.code, 0, lower.stderr);
  assert.equal(proxy.seen.length, 0);
  // A NO_PROXY entry for another port does not bypass.
  const otherPort = await runCli(create, { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1:1' } });
  assert.equal(otherPort.code, 0, otherPort.stderr);
  assert.equal(proxy.seen.length, 1);
});

test('HTTPS_PROXY alone does not apply to a plain-http gateway', async (t) => {
  const gw = await withGateway(t);
  const proxy = await withForwardProxy(t);
  const result = await runCli(create, { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, HTTPS_PROXY: proxy.url } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(proxy.seen.length, 0);
  assert.equal(gw.requests.length, 1);
});

test('a dead proxy is exit 1 naming the proxy, without the proxy password or the key', async (t) => {
  const gw = await withGateway(t);
  const port = await deadPort();
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, HTTP_PROXY: `http://alice:proxy-secret-77@127.0.0.1:${port}` };
  const result = await runCli([...create, '--max-retries', '0'], { env });
  assert.equal(result.code, 1);
  assert.equal(gw.requests.length, 0);
  const [first, second, ...rest] = result.stderr.trim().split('\n');
  assert.equal(first, `error: could not connect to ${gw.url} through the proxy http://127.0.0.1:${port} (ECONNREFUSED)`);
  assert.match(second ?? '', /^hint: check the proxy \(HTTPS_PROXY \/ HTTP_PROXY, or list the host in NO_PROXY\)/);
  assert.deepEqual(rest, []);
  for (const secret of ['proxy-secret-77', KEY]) assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret));
});

test('proxy credentials in the URL are sent to the proxy as Proxy-Authorization', async (t) => {
  const gw = await withGateway(t);
  const proxy = await withForwardProxy(t);
  const withAuth = proxy.url.replace('http://', 'http://alice:s3cret@');
  const result = await runCli(create, { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, HTTP_PROXY: withAuth } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(proxy.seen[0]?.proxyAuthorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  assert.equal(gw.requests[0]?.headers['proxy-authorization'], undefined);
});

test('proxy settings: which variables count, and which proxy a URL would use', () => {
  assert.equal(proxySettings({}), undefined);
  assert.equal(proxySettings({ NO_PROXY: 'x' }), undefined);
  assert.deepEqual(proxySettings({ HTTPS_PROXY: 'http://p:1', no_proxy: 'a,b' }), { httpProxy: '', httpsProxy: 'http://p:1', noProxy: 'a,b' });
  const settings = { httpProxy: 'http://u:pw@proxy.internal:3128', httpsProxy: '', noProxy: '.corp.example, localhost:8080' };
  assert.equal(proxyFor('https://gateway.truefoundry.ai', settings), 'http://proxy.internal:3128');
  assert.equal(proxyFor('https://llm.corp.example/api/llm', settings), undefined);
  assert.equal(proxyFor('http://localhost:8080/v1', settings), undefined);
  assert.equal(proxyFor('http://localhost:9090/v1', settings), 'http://proxy.internal:3128');
  assert.equal(proxyFor('http://x', undefined), undefined);
});

test('undici is used only when needed: a proxy variable, or a --timeout past what Node fetch waits', async () => {
  assert.equal(await transportFor({}, 180_000), undefined);
  assert.equal(await transportFor({ NO_PROXY: '*' }, 180_000), undefined);
  assert.equal(typeof (await transportFor({ HTTP_PROXY: 'http://127.0.0.1:9' }, 180_000)), 'function');
  assert.equal(typeof (await transportFor({}, 600_000)), 'function');
});

test('a --timeout past Node fetch limits still gets its answer (through undici, its own timeouts off)', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli([...create, '--timeout', '600'], { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(gw.requests.length, 1);
});

test('start-up stays fast: the bundle loads undici only through a dynamic import', () => {
  const chunks = join(ROOT, 'dist', 'chunks');
  const undici = readdirSync(chunks).find((name) => name.startsWith('undici-'));
  assert.ok(undici, 'undici is a chunk of its own');
  const files = [join(ROOT, 'dist', 'tfy-llm.cjs'), ...readdirSync(chunks).map((name) => join(chunks, name))];
  let dynamic = 0;
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const mentions: number = code.split(undici).length - 1;
    // The build turns import() into a promised require() (scripts/build.ts).
    const imports: number = code.split(new RegExp(String.raw`Promise\.resolve\(\)\.then\(\(\)=>[\w$]*\(?require\("\./${undici.replaceAll('.', '\\.')}"\)`)).length - 1;
    assert.equal(mentions, imports, `${file} refers to undici other than by import()`);
    dynamic += imports;
  }
  assert.ok(dynamic >= 1);
});

test('batch run honours the proxy too: its requests, sent over node:http when direct, go through the proxy when one is set', async (t) => {
  const gw = await withGateway(t);
  const proxy = await withForwardProxy(t);
  const dir = mkdtempSync(join(tmpdir(), 'tfy-llm-proxy-batch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'in.txt'), 'one\ntwo\nthree\n');
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, HTTP_PROXY: proxy.url, TFY_LLM_CONFIG_DIR: join(dir, 'config') };
  const result = await runCli(['batch', 'run', join(dir, 'in.txt'), '-m', 'p/gpt-4o', '-o', join(dir, 'out.jsonl'), '-H', 'X-Team: ml'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(proxy.seen.map((r) => [r.method, r.target]), Array.from({ length: 3 }, () => ['POST', `${gw.url}/responses`]));
  assert.ok(gw.requests.every((r) => r.headers.authorization === `Bearer ${KEY}` && r.headers['x-tfy-provider-name'] === 'p' && r.headers['x-team'] === 'ml'));
  // Without the proxy, the same requests carry the same headers (node:http on the direct path).
  gw.clear();
  const direct = await runCli(['batch', 'run', join(dir, 'in.txt'), '-m', 'p/gpt-4o', '-o', join(dir, 'direct.jsonl'), '-H', 'X-Team: ml'], { env: { ...env, HTTP_PROXY: '' } });
  assert.equal(direct.code, 0, direct.stderr);
  assert.equal(proxy.seen.length, 3);
  assert.equal(gw.requests.length, 3);
  for (const r of gw.requests) {
    assert.equal(r.headers.authorization, `Bearer ${KEY}`);
    assert.equal(r.headers['x-tfy-provider-name'], 'p');
    assert.equal(r.headers['x-team'], 'ml');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.match(r.headers['user-agent'] ?? '', /^tfy-llm\/\S+ openai-node\//);
    assert.match(r.headers['accept-encoding'] ?? '', /gzip/);
  }
});
