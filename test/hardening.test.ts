// Issue 14, part B: the cases that are not one error line (answers that still print, doctor's checks,
// signals, stdin, the config file), each with the example and a sibling.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { allItems } from '../src/http/pages.ts';
import { itemLine } from '../src/output/item-lines.ts';
import { withBadServer } from './helpers/bad-servers.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { MAGIC } from './helpers/fixtures.ts';
import { deadPort } from './helpers/ports.ts';
import { BIN, KEY, runCli, tempDir } from './helpers/run-cli.ts';

/** A PNG's signature and some filler: enough for tfy-llm, which checks the first bytes. */
const PNG = Buffer.concat([MAGIC.png, Buffer.from('not really pixels')]);
const envFor = (url: string, dir?: string) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY, ...(dir ? { TFY_LLM_CONFIG_DIR: dir } : {}) });
const INTERNAL = /TypeError|Cannot read|is not a function|undefined|\[object Object\]/;

// Crashes on odd answers.

test('malformed output items (null item, non-string text, non-array summary) still print the answer, in a pipe and on a terminal', async (t) => {
  const server = await withBadServer(t, 'malformed-items');
  const dir = tempDir(t);
  const piped = await runCli(['create', 'hi', '-m', 'p/m'], { env: envFor(server.url, dir) });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout, 'still here\n');
  assert.doesNotMatch(piped.stderr, INTERNAL);
  assert.match(piped.stderr, /^function call: \(\{"city":"Paris"\}\)$/m);
  const screen = await runCli(['create', 'hi', '-m', 'p/m', '--no-stream'], { env: envFor(server.url, dir), stdoutTTY: true, stderrTTY: true });
  assert.equal(screen.code, 0, screen.stderr);
  assert.match(screen.stdout, /still here/);
  assert.doesNotMatch(screen.stdout + screen.stderr, INTERNAL);
});

test('a stream whose events and final response have fields of the wrong type: the streamed text, no internal message', async (t) => {
  const server = await withBadServer(t, 'malformed-stream');
  for (const stdoutTTY of [false, true]) {
    const result = await runCli(['create', 'hi', '-m', 'p/m', '--stream'], { env: envFor(server.url, tempDir(t)), stdoutTTY });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /streamed text/);
    assert.doesNotMatch(result.stdout + result.stderr, INTERNAL);
    // The final event's id (a number) is no id: said once, not stored.
    assert.match(result.stderr, /^warning: the gateway gave this response an id that is not a valid response id/m);
  }
});

test('input items of any shape become one line each, never an exception', () => {
  const odd: unknown[] = [null, 7, 'text', { role: 5, content: [null, 3, { text: 9 }, { type: 'input_image' }] }, { type: 'function_call', name: {}, arguments: [] }, { output: undefined, type: ['x'] }];
  const lines = odd.map((item) => itemLine(item, 80));
  assert.deepEqual(lines, ['item: (unknown item)', 'item: (unknown item)', 'item: (unknown item)', 'item: [part] [part] [part] [image]', 'function_call: ?()', 'item: (unknown item)']);
  // And nothing in one reaches a terminal as a control sequence.
  assert.equal(itemLine({ role: 'user\u001b]0;pwned\u0007', content: 'hi\u001b[2J' }, 80), 'user]0;pwned: hi[2J');
});

test('an id from the server that cannot be one (100 KB, or ../) is not stored: the answer prints, a warning says why, `last` is unaffected', async (t) => {
  for (const kind of ['huge-id', 'path-id'] as const) {
    const server = await withBadServer(t, kind);
    const dir = tempDir(t);
    const result = await runCli(['create', 'hi', '-m', 'p/m'], { env: envFor(server.url, dir) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'an answer\n');
    assert.match(result.stderr, /^warning: the gateway gave this response an id that is not a valid response id \(letters, digits, "_" and "-", at most 256\): it is not shown, stored in the history or used$/m);
    assert.ok(result.stderr.length < 1000, 'the id itself is not printed');
    const history = await runCli(['history', '--json'], { env: envFor(server.url, dir) });
    assert.deepEqual(JSON.parse(history.stdout), []);
    const last = await runCli(['retrieve', 'last'], { env: envFor(server.url, dir) });
    assert.equal(last.code, 2);
    assert.match(last.stderr, /"last" means nothing yet/);
  }
});

test('cancel still reports a cancelled response as done (exit 0), and retrieve then says it was cancelled (exit 1)', async (t) => {
  const gw = await withGateway(t, { backgroundPolls: 1_000 });
  const dir = tempDir(t);
  const env = envFor(gw.url, dir);
  const created = await runCli(['create', 'a long essay', '-m', 'p/m', '--background'], { env });
  assert.equal(created.code, 0, created.stderr);
  const cancelled = await runCli(['cancel', 'last'], { env });
  assert.equal(cancelled.code, 0, cancelled.stderr);
  assert.match(cancelled.stdout, /^cancelled resp_\w+\n$/);
  const retrieved = await runCli(['retrieve', created.stdout.split(' ')[0] ?? '', '--provider', 'p'], { env });
  assert.equal(retrieved.code, 1);
  assert.match(retrieved.stderr, /^error: the response resp_\w+ was cancelled before it finished/);
  assert.equal(retrieved.stdout, '');
});

// Hangs and limits.

test('retrieve --wait --timeout: the poll loop ends at the deadline with a timeout, the response left running', async (t) => {
  const gw = await withGateway(t, { backgroundPolls: 1_000 });
  const env = envFor(gw.url, tempDir(t));
  const created = await runCli(['create', 'a long essay', '-m', 'p/m', '--background'], { env });
  assert.equal(created.code, 0, created.stderr);
  const result = await runCli(['retrieve', 'last', '--wait', '--timeout', '1'], { env });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error: gave up waiting after 1s \(--timeout\): resp_\w+ is still (queued|in_progress)\nhint: the response goes on; get it later with: tfy-llm retrieve resp_\w+ --wait\n$/);
});

test('-i on a FIFO nobody writes to: Ctrl-C ends the wait (exit 130), as it ends any other', async (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'image.fifo');
  execFileSync('mkfifo', [fifo]);
  const child = spawn(process.execPath, [BIN, 'create', 'describe', '-m', 'p/m', '-i', fifo, '--dry-run'], {
    env: { PATH: process.env.PATH, TFY_LLM_BASE_URL: 'http://127.0.0.1:9/api/llm', TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  t.after(() => child.kill('SIGKILL'));
  // Give it time to start and reach the FIFO (a signal before the handler is installed would kill it outright).
  await sleep(1000);
  child.kill('SIGINT');
  const stuck = Symbol('stuck');
  const code = await Promise.race([exited, sleep(10_000, stuck)]);
  assert.notEqual(code, stuck, 'the command could not be interrupted');
  assert.equal(code, 130);
  assert.equal(stderr, 'error: interrupted\n');
});

test('--input-json on a FIFO nobody writes to: Ctrl-C (in process) ends the wait too', async (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'input.fifo');
  execFileSync('mkfifo', [fifo]);
  const controller = new AbortController();
  const running = runCli(['create', '-m', 'p/m', '--input-json', fifo, '--dry-run'], { env: envFor('http://127.0.0.1:9/api/llm', dir), signal: controller.signal });
  await sleep(200);
  controller.abort();
  const result = await running;
  assert.equal(result.code, 130, result.stderr);
});

test('a FIFO with a writer is still read whole (-i <(…) style)', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const fifo = join(dir, 'shot.fifo');
  execFileSync('mkfifo', [fifo]);
  const running = runCli(['create', 'describe', '-m', 'p/m', '-i', fifo], { env: envFor(gw.url, dir) });
  await sleep(100);
  writeFileSync(fifo, PNG);
  const result = await running;
  assert.equal(result.code, 0, result.stderr);
  const body = gw.requests[0]?.body as { input: { content: { image_url?: string }[] }[] };
  assert.equal(body.input[0]?.content[1]?.image_url, `data:image/png;base64,${PNG.toString('base64')}`);
});

test('--tfy-metadata with any Unicode arrives intact as JSON (was a ByteString crash, or invalid UTF-8 for Latin-1)', async (t) => {
  const gw = await withGateway(t);
  for (const value of ['日本語 チーム', 'café crème', 'emoji 🚀 and "quotes"']) {
    gw.clear();
    const result = await runCli(['create', 'hi', '-m', 'p/m', '--tfy-metadata', `team=${value}`], { env: envFor(gw.url, tempDir(t)) });
    assert.equal(result.code, 0, result.stderr);
    const header = gw.requests[0]?.headers['x-tfy-metadata'] ?? '';
    assert.match(header, /^[\x20-\x7e]+$/, 'only printable ASCII on the wire');
    assert.deepEqual(JSON.parse(header), { team: value });
  }
});

// stdin.

test('--no-stdin: in a `while read` loop the list stays the loop\'s; "-" with --no-stdin is refused', async (t) => {
  const gw = await withGateway(t);
  const env = envFor(gw.url, tempDir(t));
  const result = await runCli(['create', 'a fact about Oslo', '-m', 'p/m', '--no-stdin'], { env, stdin: 'Lima\nQuito\n' });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((gw.requests[0]?.body as { input: unknown }).input, 'a fact about Oslo');
  const dash = await runCli(['create', '-', '-m', 'p/m', '--no-stdin'], { env, stdin: 'x' });
  assert.equal(dash.code, 2);
  assert.match(dash.stderr, /^error: "-" reads the prompt from stdin, and --no-stdin says not to read it\n/);
  // In a real shell loop: every line of the list gets its own call.
  const shell = `printf 'Oslo\\nLima\\n' | while read -r city; do ${[process.execPath, BIN].join(' ')} create "a fact about $city" -m p/m --no-stdin > /dev/null; done`;
  gw.clear();
  // Asynchronously: the gateway answers from this very process.
  await promisify(execFile)('bash', ['-c', shell], { env: { PATH: process.env.PATH, ...env } });
  assert.deepEqual(gw.requests.map((r) => (r.body as { input: unknown }).input), ['a fact about Oslo', 'a fact about Lima']);
});

function pipeInto(argv: string[], stdin: Buffer, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...argv], { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

test('binary stdin is refused as a prompt, with the -i - hint; -i - attaches it when it is an image', async (t) => {
  const gw = await withGateway(t);
  const env = envFor(gw.url, tempDir(t));
  const png = await pipeInto(['create', 'describe', '-m', 'p/m'], PNG, env);
  assert.equal(png.code, 2);
  assert.equal(png.stderr, 'error: stdin holds a PNG image, not the text of a prompt\nhint: attach it with -i -: cat shot.png | tfy-llm create "describe it" -i -\n');
  const binary = await pipeInto(['create', 'describe', '-m', 'p/m'], Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x00]), env);
  assert.equal(binary.code, 2);
  assert.match(binary.stderr, /^error: stdin holds binary data, not the text of a prompt\n/);
  assert.equal(gw.requests.length, 0);
  const attached = await pipeInto(['create', 'describe', '-m', 'p/m', '-i', '-'], PNG, env);
  assert.equal(attached.code, 0, attached.stderr);
  const body = gw.requests[0]?.body as { input: { content: { type: string; text?: string; image_url?: string }[] }[] };
  assert.deepEqual(body.input[0]?.content.map((part) => part.type), ['input_text', 'input_image']);
  assert.equal(body.input[0]?.content[0]?.text, 'describe');
  assert.equal(body.input[0]?.content[1]?.image_url, `data:image/png;base64,${PNG.toString('base64')}`);
  const notImage = await pipeInto(['create', 'describe', '-m', 'p/m', '-i', '-'], Buffer.from('plain words'), env);
  assert.equal(notImage.code, 2);
  assert.match(notImage.stderr, /^error: -i -: stdin is not a PNG, JPEG, WebP or GIF image\n/);
});

// Lies and misdiagnoses: doctor.

const doctorJson = async (t: TestContext, url: string, extra: Record<string, string> = {}) => {
  const result = await runCli(['doctor', '--json', '-m', 'p/m'], { env: { ...envFor(url, tempDir(t)), ...extra } });
  const checks = (JSON.parse(result.stdout) as { checks: { id: string; status: string; detail: string; fix: string | null }[] }).checks;
  return { code: result.code, checks: Object.fromEntries(checks.map((check) => [check.id, check])) };
};

test('doctor diagnoses a base URL that is not the API first (missing /api/llm, a /v1 one, an SSO page, {"data":"nope"})', async (t) => {
  const gw = await withGateway(t);
  const html = await withBadServer(t, 'models-html');
  const nope = await withBadServer(t, 'models-nope');
  // Exit codes as create gives for the same answers: 404 is 5, a web page or other JSON 1.
  const cases: [string, RegExp, number][] = [
    [gw.origin, /answered, but not as the gateway's API: GET \/models got Invalid URL \(GET \/models\) \(HTTP 404\)/, 5],
    [`${gw.origin}/v1`, /not as the gateway's API: GET \/models got Invalid URL \(GET \/v1\/models\)/, 5],
    [html.url, /not as the gateway's API: GET \/models got a web page \(HTML\), such as a sign-in page$/, 1],
    [nope.url, /not as the gateway's API: GET \/models got JSON that is not a model list \(\{"data":"nope"\}\)$/, 1],
  ];
  for (const [url, detail, exitCode] of cases) {
    const { code, checks } = await doctorJson(t, url);
    assert.equal(code, exitCode, url);
    assert.equal(checks.reachable?.status, 'fail', url);
    assert.match(checks.reachable?.detail ?? '', detail, url);
    assert.match(checks.reachable?.fix ?? '', /gateway\.truefoundry\.ai or https:\/\/<control-plane>\/api\/llm/);
    assert.equal(checks['key-accepted']?.status, 'skip', `${url}: the key is not judged through a wrong URL`);
    assert.equal(checks.routing?.status, 'skip', url);
  }
});

test('doctor names a dead proxy', async (t) => {
  const gw = await withGateway(t);
  const port = await deadPort();
  const { code, checks } = await doctorJson(t, gw.url, { HTTP_PROXY: `http://127.0.0.1:${port}` });
  assert.equal(code, 1);
  assert.match(checks.reachable?.detail ?? '', new RegExp(`through the proxy http://127\\.0\\.0\\.1:${port}`));
});

// Lies and misdiagnoses: the config.

test('a removed active profile is named, with `config use <existing>` as the fix; no active profile with others present says so too', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  const profiles = { dev: { 'base-url': gw.url, 'api-key': KEY }, prod: { 'base-url': gw.url, 'api-key': KEY } };
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ active: 'gone', profiles }), { mode: 0o600 });
  const missing = await runCli(['create', 'hi', '-m', 'p/m'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(missing.code, 3);
  assert.equal(missing.stderr, 'error: the active profile "gone" does not exist in the config (removed, or the file was edited)\nhint: switch to one that does: tfy-llm config use dev (or: prod)\n');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ profiles }), { mode: 0o600 });
  const none = await runCli(['retrieve', 'last'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(none.code, 3);
  assert.match(none.stderr, /^error: no gateway base URL is configured: no profile is active\nhint: pick one with: tfy-llm config use dev \(profiles: dev, prod\), or pass --profile <name>\n$/);
});

test('a config file with a byte order mark is read (and written back without one); a cut-off file names the position', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'config.json');
  writeFileSync(path, `\uFEFF${JSON.stringify({ active: 'dev', profiles: { dev: { 'base-url': gw.url, 'api-key': KEY } } })}`, { mode: 0o600 });
  const created = await runCli(['create', 'hi', '-m', 'p/m'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(created.code, 0, created.stderr);
  const set = await runCli(['config', 'set', 'model', 'p/m'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(set.code, 0, set.stderr);
  writeFileSync(path, '{"active": "dev",\n  "profiles": {', { mode: 0o600 });
  const cut = await runCli(['config', 'show'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(cut.code, 3);
  assert.match(cut.stderr, /^error: the config file \S+ is not valid JSON \(line 2, column 16\)\n/);
});

test('a redirect is reported, not followed, on the large-upload path too (node:http, for attachments over 1 MB)', async (t) => {
  const server = await withBadServer(t, 'redirect-moved');
  const dir = tempDir(t);
  const image = join(dir, 'big.png');
  writeFileSync(image, Buffer.concat([MAGIC.png, Buffer.alloc(1536 * 1024, 7)]));
  const result = await runCli(['create', 'describe', '-m', 'p/m', '-i', image], { env: envFor(server.url, dir) });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /^error: the base URL redirects to http:\/\/127\.0\.0\.1:\d+\/elsewhere\/api\/llm\/responses \(HTTP 301\); use that URL\nhint: /);
  assert.equal(server.hits, 1, 'sent once, not again to the new location');
});

test('input-items pages: a list without end stops at 100 000 items with an error; --limit takes fewer, quietly', async () => {
  let requests = 0;
  // A server that always has more, each page with new ids.
  const endless = async (_after: string | undefined, size: number) => {
    requests++;
    return { data: Array.from({ length: size }, (_, i) => ({ id: `msg_${requests}_${i}` })), has_more: true };
  };
  await assert.rejects(allItems(endless), /^CliError: the gateway sent more than 100000 items, more than any response has, so tfy-llm stopped after 100000 items$/);
  assert.equal(requests, 1000);
  requests = 0;
  const some = await allItems(endless, 250);
  assert.equal(some.length, 250);
  assert.equal(requests, 3, 'pages of 100, 100, then the 50 still wanted');
});
