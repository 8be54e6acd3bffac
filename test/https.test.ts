// Real gateways speak HTTPS. The SDK's fetch and the node:https path for large bodies (upload.ts)
// both verify the gateway's certificate: here a self-signed one, trusted through NODE_EXTRA_CA_CERTS.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { dataUrlOf, MAGIC, patterned } from './helpers/fixtures.ts';
import { failureLines, KEY, spawnCli, tempDir } from './helpers/run-cli.ts';

/** A key and a self-signed certificate for 127.0.0.1, or undefined without openssl. */
function certificate(t: TestContext): { key: string; cert: string; certFile: string } | undefined {
  const dir = tempDir(t);
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

test('over HTTPS: create, a streamed create and a 1.5 MB attachment (sent by node:https) all arrive', async (t) => {
  const tls = certificate(t);
  if (!tls) return t.skip('openssl is not installed');
  const gw = await withGateway(t, { tls });
  assert.match(gw.url, /^https:\/\/127\.0\.0\.1:\d+\/api\/llm$/);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, NODE_EXTRA_CA_CERTS: tls.certFile };

  const plain = await spawnCli(['create', 'hi', '-m', 'p/gpt-4o', '--json'], { env });
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal((JSON.parse(plain.stdout) as { status: string }).status, 'completed');

  const streamed = await spawnCli(['create', 'hi', '-m', 'p/gpt-4o', '--stream'], { env });
  assert.equal(streamed.code, 0, streamed.stderr);
  assert.match(streamed.stdout, /^\*\*Hello from the demo gateway\.\*\*/);

  const png = join(tempDir(t), 'big.png');
  writeFileSync(png, patterned(MAGIC.png, 1536 * 1024));
  const large = await spawnCli(['create', 'describe', '-i', png, '-m', 'p/gpt-4o', '--json'], { env: { ...env, TMPDIR: tempDir(t) } });
  assert.equal(large.code, 0, large.stderr);
  const body = gw.requests.at(-1)?.body as { input: { content: { image_url?: string }[] }[] };
  assert.equal(body.input[0]?.content[1]?.image_url, dataUrlOf('image/png', readFileSync(png)), 'the image arrived whole');
  assert.equal(gw.requests.length, 3);
});

test('over HTTPS with a certificate nobody vouches for: exit 1, one line naming the problem and a hint', async (t) => {
  const tls = certificate(t);
  if (!tls) return t.skip('openssl is not installed');
  const gw = await withGateway(t, { tls });
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY };
  const png = join(tempDir(t), 'big.png');
  writeFileSync(png, patterned(MAGIC.png, 1536 * 1024));
  for (const argv of [['create', 'hi', '-m', 'p/gpt-4o'], ['create', 'describe', '-i', png, '-m', 'p/gpt-4o']]) {
    const result = await spawnCli(argv, { env: { ...env, TMPDIR: tempDir(t) } });
    assert.equal(result.code, 1, result.stderr);
    const [line, hint] = failureLines(result);
    assert.match(line ?? '', /^error: the TLS certificate of https:\/\/127\.0\.0\.1:\d+\/api\/llm was refused: it is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT; 3 attempts\)$/, result.stderr);
    assert.match(hint ?? '', /^hint: .*NODE_EXTRA_CA_CERTS/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    assert.ok(!result.stderr.includes(KEY));
  }
  // The TLS handshake failed, so no request ever reached the gateway.
  assert.equal(gw.requests.length, 0);
});

test('batch run over HTTPS (node:https): trusted through NODE_EXTRA_CA_CERTS it answers; not trusted, each line says why', async (t) => {
  const tls = certificate(t);
  if (!tls) return t.skip('openssl is not installed');
  const gw = await withGateway(t, { tls });
  const dir = tempDir(t);
  const input = join(dir, 'in.txt');
  writeFileSync(input, 'one\ntwo\n');
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: join(dir, 'config') };
  const trusted = await spawnCli(['batch', 'run', input, '-m', 'p/gpt-4o', '--text', '--ordered'], { env: { ...env, NODE_EXTRA_CA_CERTS: tls.certFile } });
  assert.equal(trusted.code, 0, trusted.stderr);
  assert.match(trusted.stdout, /^line-1\t.*> one\nline-2\t.*> two\n$/);
  const refused = await spawnCli(['batch', 'run', input, '-m', 'p/gpt-4o', '-o', join(dir, 'out.jsonl'), '--max-retries', '0'], { env });
  assert.equal(refused.code, 1, refused.stderr);
  const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { error: { code: string; message: string } });
  assert.equal(lines.length, 2);
  for (const line of lines) assert.match(line.error.message, /the TLS certificate of https:\/\/127\.0\.0\.1:\d+\/api\/llm was refused: it is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
});
