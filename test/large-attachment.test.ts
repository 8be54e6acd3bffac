// Attachments over 1 MB go from disk into a temporary body file and from there onto the wire
// (request-body.ts, upload.ts): the gateway must get exactly what the in-memory path would send.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { startCli } from './helpers/child-cli.ts';
import { withForwardProxy } from './helpers/forward-proxy.ts';
import { dataUrlOf, MAGIC, patterned, writeFixtures } from './helpers/fixtures.ts';
import { KEY, runCli, tempDir } from './helpers/run-cli.ts';

const M = ['-m', 'p/gpt-4o'];
// Quotes, a newline, a backslash and non-ASCII text: the JSON around the attachments must be escaped as usual.
const PROMPT = 'compare "these" two,\nplease \\ café 日本';

interface Files {
  png: string;
  pdf: string;
  gif: string;
  /** TMPDIR for the command: where its temporary body goes, so a test can see it is gone afterwards. */
  tmp: string;
}

/** A 1.5 MB PNG and a PDF whose size is not a multiple of 3 (so base64 pads), both with varied bytes. */
function largeFiles(t: TestContext): Files {
  const dir = tempDir(t);
  const f = writeFixtures(dir);
  const png = join(dir, 'big.png');
  const pdf = join(dir, 'big.pdf');
  writeFileSync(png, patterned(MAGIC.png, 1536 * 1024));
  writeFileSync(pdf, patterned(MAGIC.pdf, 1200 * 1024 + 1));
  return { png, pdf, gif: f.gif, tmp: tempDir(t, 'tfy-llm-tmpdir-') };
}

/** The temporary bodies in the command's TMPDIR. */
const bodies = (files: Files): string[] => readdirSync(files.tmp).filter((name) => name.startsWith('tfy-llm-body-'));

const envFor = (url: string, files: Files, extra: Record<string, string> = {}) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY, TMPDIR: files.tmp, ...extra });

/** The body the in-memory path builds for the same command line: the shape every create test expects. */
function expectedBody(files: Files, extra: Record<string, unknown> = {}) {
  return {
    model: 'p/gpt-4o',
    input: [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: PROMPT },
          { type: 'input_image', image_url: dataUrlOf('image/png', readFileSync(files.png)), detail: 'auto' },
          { type: 'input_file', filename: 'big.pdf', file_data: dataUrlOf('application/pdf', readFileSync(files.pdf)) },
          { type: 'input_image', image_url: dataUrlOf('image/gif', readFileSync(files.gif)), detail: 'auto' },
        ],
      },
    ],
    ...extra,
  };
}

const argvFor = (files: Files) => ['create', PROMPT, ...M, '-i', files.png, '-f', files.pdf, '-i', files.gif];

test('large files are sent from disk: the wire carries exactly JSON.stringify of the body, with their real base64', async (t) => {
  const gw = await withGateway(t);
  const files = largeFiles(t);
  const result = await runCli(argvFor(files), { env: envFor(gw.url, files) });
  assert.equal(result.code, 0, result.stderr);
  const [request] = gw.requests;
  assert.deepEqual(request?.body, expectedBody(files));
  assert.equal(request?.rawBody, JSON.stringify(expectedBody(files)), 'byte for byte what JSON.stringify writes');
  assert.equal(request?.headers['content-type'], 'application/json');
  assert.equal(request?.headers['content-length'], String(Buffer.byteLength(request?.rawBody ?? '')));
  assert.match(result.stdout, /You sent \*\d+ words\*, 2 images, 1 file/);
  assert.deepEqual(bodies(files), [], 'the temporary body is removed');
});

test('the in-memory path sends the same bytes: a small PNG and PDF give bodies of the same form', async (t) => {
  const gw = await withGateway(t);
  const files = largeFiles(t);
  const dir = tempDir(t);
  const small = { ...files, png: join(dir, 'big.png'), pdf: join(dir, 'big.pdf') };
  writeFileSync(small.png, patterned(MAGIC.png, 3000));
  writeFileSync(small.pdf, patterned(MAGIC.pdf, 3001));
  const result = await runCli(argvFor(small), { env: envFor(gw.url, small) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(gw.requests[0]?.rawBody, JSON.stringify(expectedBody(small)));
  assert.deepEqual(bodies(files), [], 'no temporary file for small attachments');
});

test('a retried request sends the whole body again: 429 with --max-retries 1 is two full requests', async (t) => {
  const gw = await withGateway(t, { retryAfterSeconds: 0 });
  const files = largeFiles(t);
  const argv = ['create', PROMPT, '-m', 'p/rate-limited', '-i', files.png, '-f', files.pdf, '-i', files.gif, '--max-retries', '1'];
  const result = await runCli(argv, { env: envFor(gw.url, files) });
  assert.equal(result.code, 6, result.stderr);
  assert.equal(gw.requests.length, 2);
  const expected = JSON.stringify({ ...expectedBody(files), model: 'p/rate-limited' });
  for (const request of gw.requests) assert.equal(request.rawBody, expected);
  assert.deepEqual(bodies(files), []);
});

test('--stream with a large attachment: stream: true in the body, the answer streamed', async (t) => {
  const gw = await withGateway(t);
  const files = largeFiles(t);
  const result = await runCli([...argvFor(files), '--stream'], { env: envFor(gw.url, files) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(gw.requests[0]?.rawBody, JSON.stringify(expectedBody(files, { stream: true })));
  assert.match(result.stdout, /^\*\*Hello from the demo gateway/);
  assert.deepEqual(bodies(files), []);
});

test('through a proxy the same body arrives (fetch reads the Blob then)', async (t) => {
  const gw = await withGateway(t);
  const proxy = await withForwardProxy(t);
  const files = largeFiles(t);
  const result = await runCli(argvFor(files), { env: envFor(gw.url, files, { HTTP_PROXY: proxy.url }) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(proxy.seen.length, 1);
  assert.equal(gw.requests[0]?.rawBody, JSON.stringify(expectedBody(files)));
});

test('--dry-run reads the body back: shortened data URLs for people, the whole body with --json', async (t) => {
  const gw = await withGateway(t);
  const files = largeFiles(t);
  const human = await runCli([...argvFor(files), '--dry-run'], { env: envFor(gw.url, files) });
  assert.equal(human.code, 0, human.stderr);
  const url = dataUrlOf('image/png', readFileSync(files.png));
  assert.ok(human.stdout.includes(`"image_url": "${url.slice(0, 48)}…(${url.length - 48} more characters)"`), human.stdout.slice(0, 2000));
  assert.ok(human.stdout.includes('content-type: application/json'));
  const json = await runCli([...argvFor(files), '--dry-run', '--json'], { env: envFor(gw.url, files) });
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual((JSON.parse(json.stdout) as { body: unknown }).body, expectedBody(files));
  assert.equal(gw.requests.length, 0);
  assert.deepEqual(bodies(files), []);
});

test('--verbose gives the size of the body sent from disk; history keeps the prompt preview', async (t) => {
  const gw = await withGateway(t);
  const files = largeFiles(t);
  const env = envFor(gw.url, files, { TFY_LLM_CONFIG_DIR: tempDir(t) });
  const result = await runCli([...argvFor(files), '-v'], { env });
  assert.equal(result.code, 0, result.stderr);
  const size = Buffer.byteLength(gw.requests[0]?.rawBody ?? '');
  assert.match(result.stderr, new RegExp(`^> POST ${gw.url}/responses · ${size}-byte body · attempt 1 of 3$`, 'm'));
  const history = await runCli(['history', '--json'], { env });
  const [entry] = JSON.parse(history.stdout) as { prompt: string }[];
  assert.equal(entry?.prompt, 'compare "these" two, please \\ café 日本');
});

test('the temporary body is private (0700 folder, 0600 file) while the request runs, and gone when it fails', async (t) => {
  const gw = await withGateway(t, { slowMs: 60_000 });
  const files = largeFiles(t);
  const running = runCli(['create', 'x', '-m', 'p/slow', '-i', files.png, '--timeout', '30'], { env: envFor(gw.url, files) });
  while (gw.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const [folder] = readdirSync(files.tmp);
  assert.match(folder ?? '', /^tfy-llm-body-/);
  const path = join(files.tmp, folder ?? '', 'body.json');
  assert.equal(statSync(join(files.tmp, folder ?? '')).mode & 0o777, 0o700);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(path).size, Buffer.byteLength(gw.requests[0]?.rawBody ?? ''));
  await gw.close();
  const result = await running;
  assert.equal(result.code, 1, result.stderr);
  assert.deepEqual(bodies(files), []);
});

test('Ctrl-C while a large body waits for its answer: exit 130, and the built binary leaves no temporary file', async (t) => {
  const gw = await withGateway(t, { slowMs: 60_000 });
  const files = largeFiles(t);
  const cli = startCli(['create', 'x', '-m', 'p/slow', '-i', files.png], envFor(gw.url, files));
  t.after(() => cli.child.kill('SIGKILL'));
  while (gw.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(bodies(files).length, 1);
  cli.child.kill('SIGINT');
  const { code } = await cli.exited;
  assert.equal(code, 130, cli.stderr());
  assert.equal(cli.stderr(), 'error: interrupted\n');
  assert.deepEqual(bodies(files), []);
});

for (const signal of ['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
  test(`${signal} while a large body is being sent: the temporary body is removed, and the process dies of ${signal}`, async (t) => {
    const gw = await withGateway(t, { slowMs: 60_000 });
    const files = largeFiles(t);
    const cli = startCli(['create', 'x', '-m', 'p/slow', '-i', files.png], envFor(gw.url, files));
    t.after(() => cli.child.kill('SIGKILL'));
    while (gw.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(bodies(files).length, 1);
    cli.child.kill(signal);
    const exited = await cli.exited;
    assert.equal(exited.signal, signal, cli.stderr());
    assert.deepEqual(bodies(files), []);
  });
}

test('no gateway: the same error as for a small body, after the same retries', async (t) => {
  const { deadPort } = await import('./helpers/ports.ts');
  const url = `http://127.0.0.1:${await deadPort()}/api/llm`;
  const files = largeFiles(t);
  const result = await runCli(['create', 'x', ...M, '-i', files.png, '--max-retries', '1'], { env: envFor(url, files) });
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`^error: could not connect to ${url} \\(ECONNREFUSED; 2 attempts\\)$`, 'm'));
  assert.deepEqual(bodies(files), []);
});

test('a large file that is not what it claims is refused before anything is written or sent', async (t) => {
  const gw = await withGateway(t);
  const files = largeFiles(t);
  const fake = join(tempDir(t), 'fake.png');
  writeFileSync(fake, Buffer.alloc(2 * 1024 * 1024, 'a'));
  const result = await runCli(['create', 'x', ...M, '-i', fake, '-f', files.png], { env: envFor(gw.url, files) });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: --image \S+fake\.png: not a PNG, JPEG, WebP or GIF image; --file \S+big\.png: not a PDF document$/m);
  assert.equal(gw.requests.length, 0);
  assert.deepEqual(bodies(files), []);
});

test('a TMPDIR that cannot be written to is exit 1 with a fix, and nothing is sent', async (t) => {
  const gw = await withGateway(t);
  const files = largeFiles(t);
  const missing = join(files.tmp, 'not-here');
  const result = await runCli(['create', 'x', ...M, '-i', files.png], { env: envFor(gw.url, files, { TMPDIR: missing }) });
  assert.equal(result.code, 1);
  assert.equal(result.stderr.split('\n')[0], `error: could not write the request body to a temporary file in ${missing} (ENOENT)`);
  assert.match(result.stderr, /^hint: free some disk space, or point TMPDIR at a folder with room$/m);
  assert.equal(gw.requests.length, 0);
});

test('a gateway that answers before it has read the body (a 413): its answer is the error', async (t) => {
  const server = createServer((_req, res) => {
    const body = JSON.stringify({ error: { message: 'Request Entity Too Large', type: 'invalid_request_error' } });
    res.writeHead(413, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/llm`;
  const files = largeFiles(t);
  const result = await runCli(['create', 'x', ...M, '-i', files.png], { env: envFor(url, files) });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^error: Request Entity Too Large \(HTTP 413\)/);
  assert.deepEqual(bodies(files), []);
});
