// --dry-run: the exact request the openai client would send, key redacted, and nothing sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { dataUrlOf, writeFixtures } from './helpers/fixtures.ts';
import { KEY, runCli, spawnCli, tempDir } from './helpers/run-cli.ts';

const SECRET = 'tfy-secret-key-for-dry-run-0123456789';
const envFor = (url: string) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: SECRET });

interface Printed {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

test('--dry-run prints method, URL, headers (key masked) and the JSON body, and sends nothing', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hello', '-m', 'my-openai/gpt-4o', '-t', '0.5', '-H', 'X-Team: search', '--tfy-metadata', 'app=cli', '--dry-run'], {
    env: envFor(gw.url),
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(gw.requests.length, 0);
  assert.equal(result.stderr, '');
  const [head, body] = result.stdout.split('\n\n');
  const [requestLine, ...headerLines] = (head ?? '').split('\n');
  assert.equal(requestLine, `POST ${gw.url}/responses`);
  assert.ok(headerLines.includes('authorization: Bearer tfy-…6789'), head);
  assert.ok(headerLines.includes('content-type: application/json'));
  assert.ok(headerLines.includes('x-tfy-provider-name: my-openai'));
  assert.ok(headerLines.includes('x-team: search'));
  assert.ok(headerLines.includes('x-tfy-metadata: {"app":"cli"}'));
  assert.ok(headerLines.some((line) => /^user-agent: tfy-llm\/\S+ openai-node\/\d/.test(line)), head);
  assert.deepEqual(JSON.parse(body ?? ''), { model: 'my-openai/gpt-4o', input: 'hello', temperature: 0.5 });
  assert.ok(!result.stdout.includes(SECRET));
});

test('--dry-run --json is {method, url, headers, body}, and the body is exactly what a real run sends', async (t) => {
  const gw = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  const argv = ['create', 'look', '-m', 'p/gpt-4o', '-i', f.gif, '-f', f.pdf, '--schema', f.schema, '--metadata', 'a=b', '--param', 'service_tier="flex"'];
  const dry = await runCli([...argv, '--dry-run', '--json'], { env: envFor(gw.url) });
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(gw.requests.length, 0);
  const printed = JSON.parse(dry.stdout) as Printed;
  assert.deepEqual(Object.keys(printed), ['method', 'url', 'headers', 'body']);
  assert.equal(printed.method, 'POST');
  assert.equal(printed.url, `${gw.url}/responses`);
  assert.equal(printed.headers['authorization'], 'Bearer tfy-…6789');
  assert.ok(!dry.stdout.includes(SECRET));

  const real = await runCli(argv, { env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY } });
  assert.equal(real.code, 0, real.stderr);
  assert.deepEqual(printed.body, gw.requests[0]?.body);
  // With --json nothing is shortened: the data URLs are whole.
  assert.ok(dry.stdout.includes(dataUrlOf('image/gif', readFileSync(f.gif))));
  // Every header the gateway received is in the printout, the key aside.
  for (const name of Object.keys(printed.headers)) assert.ok(name in (gw.requests[0]?.headers ?? {}), name);
});

test('in the human format long data: URLs are shortened, saying by how much', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const f = writeFixtures(dir);
  const { writeFileSync } = await import('node:fs');
  const big = `${dir}/big.gif`;
  writeFileSync(big, Buffer.concat([readFileSync(f.gif), Buffer.alloc(3000, 7)]));
  const result = await runCli(['create', 'x', '-m', 'p/m', '-i', big, '--dry-run'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  const full = dataUrlOf('image/gif', readFileSync(big));
  assert.ok(!result.stdout.includes(full));
  assert.ok(result.stdout.includes(`"image_url": "${full.slice(0, 48)}…(${full.length - 48} more characters)"`), result.stdout);
});

test('--dry-run checks everything first: bad input is still exit 2', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'x', '-m', 'p/m', '-t', '9', '--dry-run'], { env: envFor(gw.url) });
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^error: --temperature must be between 0 and 2/);
});

test('--dry-run --background shows background: true; the built binary prints the same', async (t) => {
  const gw = await withGateway(t);
  const result = await spawnCli(['create', 'x', '-m', 'p/m', '--background', '--dry-run', '--json'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual((JSON.parse(result.stdout) as Printed).body, { model: 'p/m', input: 'x', background: true });
  assert.equal(gw.requests.length, 0);
});
