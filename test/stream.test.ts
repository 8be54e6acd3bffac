// Streaming, in process against the fake gateway: NDJSON, text in a pipe, a terminal's live
// rendering, and every way a stream can end badly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { CaptureStream, KEY, runCli } from './helpers/run-cli.ts';

const envFor = (url: string, extra: Record<string, string> = {}) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY, ...extra });
type Event = { type: string; delta?: string; response?: { id: string; status: string } };
const lines = (stdout: string): Event[] => stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Event);

test('--stream --json: one JSON line per event, as the API sent it, ending with response.completed', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hello', 'there', '-m', 'p/gpt-4o', '--stream', '--json'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((gw.requests[0]?.body as { stream?: boolean }).stream, true);
  const events = lines(result.stdout);
  assert.equal(events[0]?.type, 'response.created');
  assert.equal(events.at(-1)?.type, 'response.completed');
  events.forEach((event, index) => assert.equal((event as { sequence_number?: number }).sequence_number, index));
  const final = events.at(-1)?.response;
  assert.deepEqual(final, gw.responses('p').get(final?.id ?? ''), 'the final event carries the stored response unchanged');
  assert.equal(result.stderr, '');
});

test('--stream in a pipe: the deltas as they come, the same text as without streaming, one newline', async (t) => {
  const gw = await withGateway(t);
  const streamed = await runCli(['create', 'same', 'words', '-m', 'p/gpt-4o', '--stream'], { env: envFor(gw.url) });
  const whole = await runCli(['create', 'same', 'words', '-m', 'p/gpt-4o'], { env: envFor(gw.url) });
  assert.equal(streamed.code, 0, streamed.stderr);
  assert.equal(streamed.stdout, whole.stdout);
  assert.doesNotMatch(streamed.stdout, /\u001B/);
  assert.equal(streamed.stderr, '');
});

test('a terminal streams by default and shows the rendered answer, labelled reasoning, and the footer', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', 'you', '-m', 'p/reasoning'], {
    env: envFor(gw.url, { NO_COLOR: '1' }),
    stdoutTTY: true,
    stderrTTY: true,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((gw.requests[0]?.body as { stream?: boolean }).stream, true);
  // Raw text first, then each finished block erased (ESC[J) and redrawn.
  assert.match(result.stdout, /^reasoning: The user sent 2 words; I will describe what arrived\.\n\n\*\*Hello from the demo /);
  assert.ok(result.stdout.includes('\r\u001B[JHello from the demo gateway.\n'), JSON.stringify(result.stdout));
  assert.ok(result.stdout.endsWith('> hi you\r\u001B[J│ hi you\n'), JSON.stringify(result.stdout));
  assert.match(result.stderr, /^resp_\w+ · p\/reasoning-2024-08-06 · 2 in \/ \d+ out · \d+\.\ds\n$/);
});

test('a streamed refusal and a streamed tool call are marked as such', async (t) => {
  const gw = await withGateway(t);
  const options = { env: envFor(gw.url, { NO_COLOR: '1' }), stdoutTTY: true };
  const refusal = await runCli(['create', 'hi', '-m', 'p/refusal'], options);
  assert.equal(refusal.stdout, "refused: I can't help with that.\n");
  const tool = await runCli(['create', 'hi', '-m', 'p/tool-call'], options);
  assert.match(tool.stdout, /^function call: get_weather\(\{"city":"Paris"\}\) \[call_\w+\]\n$/);
});

test('a stream that ends without a final event is exit 1 with a clear message; what arrived stays printed', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'one two three four five six', '-m', 'p/cut-stream', '--stream'], { env: envFor(gw.url) });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '**Hello from the demo gateway.**\n\nYou sent *6 ');
  assert.match(result.stderr, /^error: the response stream (broke off|ended) before the response was complete.*\nhint: .*--no-stream/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('a failed stream and an error event are exit 1; with --json the failure event is the last line', async (t) => {
  const gw = await withGateway(t);
  const failed = await runCli(['create', 'hi', '-m', 'p/failed', '--stream', '--json'], { env: envFor(gw.url) });
  assert.equal(failed.code, 1);
  assert.equal(lines(failed.stdout).at(-1)?.type, 'response.failed');
  assert.match(failed.stderr, /^error: the response resp_\w+ failed: The model failed to generate a response\. \[request id: (req_\w+)\]\n\{"error":/);
  const requestId = /\[request id: (req_\w+)\]/.exec(failed.stderr)?.[1];
  const jsonError = JSON.parse(failed.stderr.split('\n')[1] ?? '') as { error: { request_id: string | null } };
  assert.equal(jsonError.error.request_id, requestId, 'the --json line names the request too');

  const errored = await runCli(['create', 'hi', '-m', 'p/stream-error', '--stream', '--json'], { env: envFor(gw.url) });
  assert.equal(errored.code, 1);
  const last = lines(errored.stdout).at(-1) as { type: string; code?: string };
  assert.deepEqual([last.type, last.code], ['error', 'server_error']);
  assert.match(errored.stderr, /^error: The model stopped with an internal error\. \[request id: req_\w+\]\n/);

  const plain = await runCli(['create', 'hi', '-m', 'p/stream-error', '--stream'], { env: envFor(gw.url) });
  assert.equal(plain.code, 1);
  assert.equal(plain.stdout, '**Hello from the demo ');
});

test('a request refused before streaming starts keeps its own exit code', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', '-m', 'p/forbidden-model', '--stream'], { env: envFor(gw.url) });
  assert.equal(result.code, 4);
  assert.match(result.stderr, /^error: this key is not allowed to use model p\/forbidden-model \(HTTP 403\)/);
  assert.equal(result.stdout, '');
});

test('an incomplete stream prints what it has and warns with the reason, exit 0', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'one two three', '-m', 'p/incomplete', '--stream'], { env: envFor(gw.url) });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^\*\*Hello from the demo gateway\.\*\*[^]*\n$/);
  assert.equal(result.stderr, 'warning: the response is incomplete (max_output_tokens)\n');
});

test('Ctrl-C mid-stream aborts the request, keeps what was printed and exits 130', async (t) => {
  const gw = await withGateway(t, { streamPauseMs: 60_000 });
  const controller = new AbortController();
  // Interrupt as soon as the first delta is on stdout, while the gateway pauses.
  const stdout = new CaptureStream(false);
  const write = stdout.write.bind(stdout);
  stdout.write = (chunk) => {
    const ok = write(chunk);
    controller.abort();
    return ok;
  };
  const stderr = new CaptureStream(false);
  const result = await runCli(['create', 'hi', '-m', 'p/slow-stream', '--stream'], {
    signal: controller.signal,
    extraDeps: { io: { stdout, stderr, stdin: { isTTY: true, async *[Symbol.asyncIterator]() {} }, env: envFor(gw.url) } },
  });
  assert.equal(result.code, 130);
  assert.equal(stdout.text, '**Hello from the demo ');
  assert.equal(stderr.text, 'error: interrupted\n');
});
