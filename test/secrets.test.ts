// Secrets: a key that cannot be sent, one set of secrets scrubbed from every output, credentials in
// a base URL, and config files others could have written (issue 14, "Secrets").
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir, type RunResult } from './helpers/run-cli.ts';

const SECRET = 'tfy-secret-0123456789abcdef';

/** A server that answers every request with `status` and a message repeating all the headers it got. */
async function echoServer(t: TestContext, status: number): Promise<{ url: string; hits: IncomingMessage[] }> {
  const hits: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    hits.push(req);
    req.resume();
    const message = `rejected: ${JSON.stringify(req.headers)}`;
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_echo' });
    res.end(JSON.stringify({ error: { message, type: 'echo' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/llm`, hits };
}

const all = (r: RunResult): string => `${r.stdout}${r.stderr}`;

test('a key with a line break is refused before anything is sent (exit 3), masked, in every output', async (t) => {
  const gw = await withGateway(t, { apiKeys: [SECRET] });
  // `export TFY_API_KEY=$(cat keyfile)` on a CRLF file keeps the carriage return.
  for (const bad of [`${SECRET}\r`, `${SECRET}\r\n`, `${SECRET}\nsecond-line`, `tfy-\u0007${SECRET}`]) {
    for (const argv of [['create', 'hi', '--json', '-m', 'p/m'], ['create', 'hi', '--verbose', '-m', 'p/m'], ['retrieve', 'resp_1', '--provider', 'p']]) {
      const r = await runCli([...argv, '--base-url', gw.url], { env: { TFY_API_KEY: bad } });
      assert.equal(r.code, 3, all(r));
      assert.match(r.stderr, /error: the API key from TFY_API_KEY \(tfy-…\w{4}\) has (a line break|a control character)/);
      assert.ok(!all(r).includes(SECRET), all(r));
    }
  }
  assert.equal(gw.requests.length, 0, 'nothing was sent');
  assert.match((await runCli(['create', 'hi', '--base-url', gw.url, '-m', 'p/m'], { env: { TFY_API_KEY: `${SECRET}\r` } })).stderr, /carriage return[\s\S]*hint: .*tr -d/);
});

test('a stored key with a line break: create exits 3 and doctor says so, the key never printed', async (t) => {
  const gw = await withGateway(t, { apiKeys: [SECRET] });
  const dir = tempDir(t);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ active: 'dev', profiles: { dev: { 'base-url': gw.url, 'api-key': `${SECRET} \r\n`, model: 'p/m' } } }), { mode: 0o600 });
  const env = { TFY_LLM_CONFIG_DIR: dir };
  const create = await runCli(['create', 'hi', '--json'], { env });
  assert.equal(create.code, 3);
  assert.match(create.stderr, /the API key from profile dev \(tfy-…cdef\) has a line break/);
  for (const argv of [['doctor'], ['doctor', '--json']]) {
    const doctor = await runCli(argv, { env });
    assert.equal(doctor.code, 3, all(doctor));
    assert.ok(!all(doctor).includes(SECRET), all(doctor));
  }
  assert.match((await runCli(['doctor'], { env })).stdout, /✗ key present +the API key from profile dev/);
  assert.equal(gw.requests.length, 0);
});

test('an Authorization header given with -H, echoed by a 401, is masked in the error and the --json line', async (t) => {
  const echo = await echoServer(t, 401);
  const r = await runCli(['create', 'hi', '--base-url', echo.url, '-m', 'p/m', '-H', `Authorization: Bearer ${SECRET}`, '--json'], { env: { TFY_API_KEY: KEY } });
  assert.equal(r.code, 4);
  assert.equal(echo.hits.length, 1);
  assert.ok(!all(r).includes(SECRET), all(r));
  assert.match(r.stderr, /Bearer tfy-…cdef/);
  assert.match(r.stderr, /^\{"error":/m);
});

test('sibling: an X-Api-Key header from the profile, echoed by a 500, is masked in errors, --verbose and doctor', async (t) => {
  const echo = await echoServer(t, 500);
  const dir = tempDir(t);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ active: 'dev', profiles: { dev: { 'base-url': echo.url, 'api-key': KEY, model: 'p/m', headers: { 'x-upstream-api-key': SECRET } } } }), { mode: 0o600 });
  const env = { TFY_LLM_CONFIG_DIR: dir };
  for (const argv of [['create', 'hi', '--max-retries', '0'], ['create', 'hi', '--verbose', '--max-retries', '0', '--json'], ['doctor'], ['doctor', '--json', '--verbose'], ['create', 'hi', '--dry-run']]) {
    const r = await runCli(argv, { env });
    assert.ok(!all(r).includes(SECRET), `${argv.join(' ')}: ${all(r)}`);
  }
  assert.ok(echo.hits.length >= 3);
});

test('a base URL with user:password@ is refused up front (exit 2 from a flag, 3 from the environment), the password masked', async (t) => {
  const gw = await withGateway(t);
  const withPassword = gw.url.replace('http://', 'http://alice:hunter2secret@');
  const cases: [string[], Record<string, string>, number][] = [
    [['create', 'hi', '-m', 'p/m', '--base-url', withPassword], { TFY_API_KEY: KEY }, 2],
    [['create', 'hi', '-m', 'p/m', '--base-url', withPassword, '--dry-run'], { TFY_API_KEY: KEY }, 2],
    [['create', 'hi', '-m', 'p/m', '--verbose', '--json'], { TFY_API_KEY: KEY, TFY_LLM_BASE_URL: withPassword }, 3],
    // Sibling: TrueFoundry's own control-plane variable.
    [['retrieve', 'resp_1', '--provider', 'p'], { TFY_API_KEY: KEY, TFY_HOST: withPassword.replace('/api/llm', '') }, 3],
    [['doctor'], { TFY_API_KEY: KEY, TFY_LLM_BASE_URL: withPassword }, 3],
  ];
  for (const [argv, env, code] of cases) {
    const r = await runCli(argv, { env });
    assert.equal(r.code, code, `${argv.join(' ')}: ${all(r)}`);
    assert.ok(!all(r).includes('hunter2secret'), all(r));
    assert.match(all(r), /alice:\*\*\*\*@/);
  }
  assert.equal(gw.requests.length, 0);
});

test('proxy credentials are never printed, not even when the proxy repeats them', async (t) => {
  // The "proxy" answers every request itself, quoting the Proxy-Authorization it was sent.
  const proxy = await echoServer(t, 502);
  const proxyUrl = proxy.url.replace('http://', 'http://bob:proxy-pass-9876@').replace('/api/llm', '');
  const r = await runCli(['create', 'hi', '--base-url', 'http://gateway.invalid/api/llm', '-m', 'p/m', '--max-retries', '0', '--verbose', '--json'], {
    env: { TFY_API_KEY: KEY, HTTP_PROXY: proxyUrl },
  });
  assert.equal(proxy.hits.length, 1);
  assert.equal(proxy.hits[0]?.headers['proxy-authorization'], `Basic ${btoa('bob:proxy-pass-9876')}`);
  assert.ok(!all(r).includes('proxy-pass-9876'), all(r));
  assert.ok(!all(r).includes(btoa('bob:proxy-pass-9876')), all(r));
});

function configIn(dir: string, profile: Record<string, string>): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ active: 'dev', profiles: { dev: { 'base-url': 'http://127.0.0.1:1/api/llm', model: 'p/m', ...profile } } }), { mode: 0o600 });
  return file;
}

test('an api-key-command from a folder others can write to is not run (exit 3, the chmod fix in the hint)', async (t) => {
  const dir = join(tempDir(t), 'cfg');
  const marker = join(tempDir(t), 'ran');
  configIn(dir, { 'api-key-command': `touch ${marker}; echo ${SECRET}` });
  chmodSync(dir, 0o777);
  const r = await runCli(['create', 'hi'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(r.code, 3, all(r));
  assert.match(r.stderr, /error: the config folder .* can be changed by anyone \(mode 0777\): tfy-llm will not run its api-key-command/);
  assert.match(r.stderr, new RegExp(`hint: .*chmod go-w ${dir}`));
  assert.equal(existsSync(marker), false, 'the command did not run');
  // doctor checks the folder too.
  const doctor = await runCli(['doctor'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(doctor.code, 3);
  assert.match(doctor.stdout, /✗ config file +the config folder .* can be changed by anyone[^\n]*→ fix: chmod go-w/);
  assert.equal(existsSync(marker), false, 'doctor did not run it either');
  // Fixed as the hint says, it runs.
  chmodSync(dir, 0o700);
  assert.match((await runCli(['create', 'hi'], { env: { TFY_LLM_CONFIG_DIR: dir } })).stderr, /could not connect/);
  assert.equal(existsSync(marker), true);
});

test('sibling: a key stored in a group-writable file, or a file of another user, is not read (exit 3)', async (t) => {
  const dir = join(tempDir(t), 'cfg');
  const file = configIn(dir, { 'api-key': SECRET });
  chmodSync(file, 0o620);
  const r = await runCli(['create', 'hi'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /the config file .* can be changed by its group \(mode 0620\): tfy-llm will not read the API key from it/);
  assert.match(r.stderr, new RegExp(`chmod go-w ${file}`));
  chmodSync(file, 0o600);
  if (process.getuid?.() !== 0) return t.skip('changing a file\'s owner needs root');
  chownSync(file, 4242, 4242);
  const other = await runCli(['create', 'hi'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(other.code, 3);
  assert.match(other.stderr, /the config file .* belongs to another user \(uid 4242\)/);
  const doctor = await runCli(['doctor', '--json'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(JSON.parse(doctor.stdout).checks[0].status, 'fail');
  assert.ok(!all(other).includes(SECRET) && !all(doctor).includes(SECRET));
});

test('sibling: a header secret with quotes and a backslash is masked in the --json error line too, where JSON escapes it', async (t) => {
  const echo = await echoServer(t, 403);
  const token = 'x"secret\\token-42';
  const r = await runCli(['create', 'hi', '--base-url', echo.url, '-m', 'p/m', '-H', `X-Auth-Token: ${token}`, '--json'], { env: { TFY_API_KEY: KEY } });
  assert.equal(r.code, 4);
  assert.ok(!r.stderr.includes(token) && !r.stderr.includes(JSON.stringify(token).slice(1, -1)), r.stderr);
  assert.ok(!r.stderr.includes('secret\\\\token'), r.stderr);
});
