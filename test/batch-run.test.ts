// tfy-llm batch run: every line sent as create sends it, one output line each, failures as lines,
// resume from -o, Ctrl-C, --ordered, text and stdin input, and no key in any output.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { runCli, tempDir } from './helpers/run-cli.ts';
import type { BatchOutputLine } from '../src/batch/output-format.ts';
import { OutputClosed } from '../src/terminal/io.ts';

const env = (url: string, key = 'tfy-demo-key') => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: key, TFY_LLM_MODEL: 'my-openai/gpt-4o' });
const lines = (path: string): BatchOutputLine[] =>
  readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as BatchOutputLine);
const prompts = (n: number, make = (i: number) => `prompt ${i}`): string => Array.from({ length: n }, (_, i) => make(i + 1)).join('\n') + '\n';
const creates = (gw: { requests: { method: string; path: string }[] }) => gw.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/responses'));

test('a text file: one request per line, each the body create sends, one output line each in the Batch API shape', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'prompts.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, 'first\n\nsecond\nthird\n');
  const result = await runCli(['batch', 'run', input, '-o', out, '-t', '0.2'], { env: env(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^batch: 3 of 3 succeeded/m);
  const written = lines(out);
  assert.deepEqual(written.map((l) => l.custom_id).sort(), ['line-1', 'line-3', 'line-4']);
  for (const line of written) {
    assert.equal(line.error, null);
    assert.equal(line.response?.status_code, 200);
    assert.match(line.response?.request_id ?? '', /^req_/);
    assert.equal((line.response?.body as { status: string }).status, 'completed');
  }
  const sent = creates(gw);
  assert.equal(sent.length, 3);
  assert.deepEqual(sent.map((r) => (r as unknown as { body: unknown }).body).find((b) => (b as { input: string }).input === 'first'), { model: 'my-openai/gpt-4o', input: 'first', temperature: 0.2 });
  assert.ok(sent.every((r) => (r as unknown as { headers: Record<string, string> }).headers['x-tfy-provider-name'] === 'my-openai'));
});

test('stdin input (-), JSONL lines with their own models routed to their providers, results to stdout', async (t) => {
  const gw = await withGateway(t);
  const stdin = ['{"custom_id": "a", "prompt": "one"}', '{"custom_id": "b", "prompt": "two", "model": "other-acct/gpt-4o-mini"}', '{"custom_id": "c", "method": "POST", "url": "/v1/responses", "body": {"input": "three", "model": "third/m"}}'].join('\n');
  const result = await runCli(['batch', 'run', '-'], { env: env(gw.url), stdin });
  assert.equal(result.code, 0, result.stderr);
  const byId = new Map(result.stdout.trim().split('\n').map((l) => [(JSON.parse(l) as BatchOutputLine).custom_id, JSON.parse(l) as BatchOutputLine]));
  assert.deepEqual([...byId.keys()].sort(), ['a', 'b', 'c']);
  const providers = creates(gw).map((r) => (r as unknown as { headers: Record<string, string> }).headers['x-tfy-provider-name']).sort();
  assert.deepEqual(providers, ['my-openai', 'other-acct', 'third']);
});

test('bad lines: each reported by its number in one go, exit 2, nothing sent, the output file untouched', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'in.jsonl');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, ['{"prompt": "ok"}', '{"prompt": "x", "colour": 1}', 'not json', '{"prompt": "x", "file": ["nope.pdf"]}', '{"custom_id": "line-1", "prompt": "dup"}'].join('\n'));
  const result = await runCli(['batch', 'run', input, '-o', out], { env: env(gw.url) });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^line 2: unknown field "colour"$/m);
  assert.match(result.stderr, /^line 3: not valid JSON/m);
  assert.match(result.stderr, /^line 4: file nope\.pdf: /m);
  assert.match(result.stderr, /^line 5: custom_id "line-1" is also on line 1$/m);
  assert.match(result.stderr, /^error: 4 bad lines in .*in\.jsonl: nothing was sent$/m);
  assert.equal(gw.requests.length, 0);
  assert.equal(existsSync(out), false);
  // --dry-run: the same checks, the same report.
  const dry = await runCli(['batch', 'run', input, '--dry-run'], { env: env(gw.url) });
  assert.equal(dry.code, 2);
  assert.match(dry.stderr, /4 bad lines/);
});

test('--dry-run on a good file says how many would be sent and sends nothing', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'p.txt');
  writeFileSync(input, prompts(5));
  const result = await runCli(['batch', 'run', input, '--dry-run'], { env: env(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^5 requests in .*p\.txt, all valid; 5 would be sent \(nothing was sent\)$/m);
  assert.equal(gw.requests.length, 0);
});

test('a failing request is an output line with its error (exit 1, the summary says where); a re-run sends only it again', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'in.jsonl');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, ['{"prompt": "a"}', '{"prompt": "b", "model": "my-openai/bad-request"}', '{"prompt": "c"}'].join('\n'));
  const first = await runCli(['batch', 'run', input, '-o', out], { env: env(gw.url) });
  assert.equal(first.code, 1, first.stderr);
  assert.match(first.stderr, /2 of 3 succeeded, 1 failed .*the failed lines are in .*out\.jsonl/);
  const failed = lines(out).find((l) => l.custom_id === 'line-2');
  assert.equal(failed?.error?.code, 'unsupported_model');
  assert.match(failed?.error?.message ?? '', /does not support this request/);
  assert.equal(failed?.response?.status_code, 400);
  gw.clear();
  // Fixed on the line: the re-run sends line 2 alone and the file ends with every id once.
  writeFileSync(input, ['{"prompt": "a"}', '{"prompt": "b"}', '{"prompt": "c"}'].join('\n'));
  const again = await runCli(['batch', 'run', input, '-o', out], { env: env(gw.url) });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(creates(gw).length, 1);
  assert.deepEqual(lines(out).map((l) => [l.custom_id, l.error]).sort(), [['line-1', null], ['line-2', null], ['line-3', null]]);
});

test('--ordered writes in input order even when a later line finishes first; --text writes id<TAB>text', async (t) => {
  const gw = await withGateway(t, { slowMs: 300 });
  const input = ['{"custom_id": "first", "prompt": "slow one", "model": "my-openai/slow"}', '{"custom_id": "second", "prompt": "quick"}', '{"custom_id": "third", "prompt": "quick\\ttoo"}'].join('\n');
  const unordered = await runCli(['batch', 'run', '-'], { env: env(gw.url), stdin: input });
  assert.equal(unordered.code, 0, unordered.stderr);
  assert.notEqual(JSON.parse(unordered.stdout.split('\n')[0] ?? '').custom_id, 'first');
  const ordered = await runCli(['batch', 'run', '-', '--ordered', '--text'], { env: env(gw.url), stdin: input });
  assert.equal(ordered.code, 0, ordered.stderr);
  const rows = ordered.stdout.trimEnd().split('\n');
  assert.deepEqual(rows.map((row) => row.split('\t')[0]), ['first', 'second', 'third']);
  assert.ok(rows.every((row) => row.split('\t').length === 2), ordered.stdout);
  assert.match(rows[2] ?? '', /\\n/);
});

test('the gateway dies mid-run: the lines it did not answer are failed lines, exit 1; resuming against a live one completes', async (t) => {
  const gw = await withGateway(t, { latencyMs: 20 });
  const dir = tempDir(t);
  const input = join(dir, 'p.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, prompts(60));
  const closing = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (gw.load.served >= 10) {
        clearInterval(timer);
        void gw.close().then(resolve);
      }
    }, 2);
  });
  const first = await runCli(['batch', 'run', input, '-o', out, '-j', '4', '--max-retries', '0'], { env: env(gw.url) });
  await closing;
  assert.equal(first.code, 1, first.stderr);
  const written = lines(out);
  assert.equal(written.length, 60);
  const failed = written.filter((l) => l.error !== null);
  assert.ok(failed.length > 0 && failed.length < 60, `${failed.length} failed`);
  assert.equal(failed[0]?.error?.code, 'connection_error');
  const live = await withGateway(t);
  const second = await runCli(['batch', 'run', input, '-o', out, '-j', '4'], { env: env(live.url) });
  assert.equal(second.code, 0, second.stderr);
  assert.equal(creates(live).length, failed.length);
  const final = lines(out);
  assert.equal(final.length, 60);
  assert.equal(new Set(final.map((l) => l.custom_id)).size, 60);
  assert.ok(final.every((l) => l.error === null));
});

test('Ctrl-C stops sending, writes what was in flight, prints the summary and how to resume, exit 130', async (t) => {
  const gw = await withGateway(t, { latencyMs: 30 });
  const dir = tempDir(t);
  const input = join(dir, 'p.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, prompts(200));
  const controller = new AbortController();
  const timer = setInterval(() => {
    if (gw.load.served >= 20) {
      clearInterval(timer);
      controller.abort();
    }
  }, 2);
  const argv = ['batch', 'run', input, '-o', out, '-j', '4'];
  const result = await runCli(argv, { env: env(gw.url), signal: controller.signal });
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /^batch: \d+ of 200 succeeded/m);
  assert.match(result.stderr, /^resume with: tfy-llm batch run .*p\.txt -o .*out\.jsonl -j 4$/m);
  const written = lines(out);
  // Every request the gateway answered is in the file (none in flight lost), and no more were started.
  assert.equal(written.length, gw.load.served);
  assert.ok(written.length < 200);
  const resumed = await runCli(argv, { env: env(gw.url) });
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`\\(${written.length} done earlier, skipped\\)`));
  const final = lines(out);
  assert.equal(new Set(final.map((l) => l.custom_id)).size, 200);
  assert.equal(final.length, 200);
});

test('a 429 storm: the window shrinks towards the gateway\'s limit and every line still succeeds', async (t) => {
  const gw = await withGateway(t, { maxConcurrent: 3, loadRetryAfterSeconds: 0.05, latencyMs: 10 });
  const dir = tempDir(t);
  const input = join(dir, 'p.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, prompts(80));
  const result = await runCli(['batch', 'run', input, '-o', out, '-j', '24', '--json'], { env: env(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '') as { batch: { succeeded: number; lowest_concurrency: number } };
  assert.equal(summary.batch.succeeded, 80);
  assert.ok(summary.batch.lowest_concurrency <= 6, JSON.stringify(summary));
  assert.ok(gw.load.rejected > 0);
  assert.equal(lines(out).length, 80);
});

test('a refused key stops the run at once: exit 4, no failed lines written', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'p.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, prompts(30));
  const result = await runCli(['batch', 'run', input, '-o', out, '-j', '2'], { env: env(gw.url, 'tfy-wrong-key-000000') });
  assert.equal(result.code, 4, result.stderr);
  assert.match(result.stderr, /^error: Invalid API key/m);
  assert.equal(readFileSync(out, 'utf8'), '');
  assert.ok(creates(gw).length <= 3);
});

test('no key in any output: result lines, error lines, the summary', async (t) => {
  const key = 'tfy-secret-batch-key-0123456789abcdef';
  const gw = await withGateway(t, { apiKeys: [key] });
  const dir = tempDir(t);
  const input = join(dir, 'in.jsonl');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, ['{"prompt": "hello"}', '{"prompt": "x", "model": "my-openai/always-500"}', `{"prompt": "echo ${key}"}`].join('\n'));
  const result = await runCli(['batch', 'run', input, '-o', out, '--max-retries', '0'], { env: env(gw.url, key) });
  assert.equal(result.code, 1, result.stderr);
  const text = readFileSync(out, 'utf8');
  assert.equal(text.split('\n').filter(Boolean).length, 3);
  // The prompt that holds the key is echoed by the demo gateway: masked in the file.
  assert.ok(!text.includes(key), 'the key is in the output file');
  assert.ok(!result.stderr.includes(key));
});

test('usage: --restart without -o, a bad -j, a missing input file: exit 2', async (t) => {
  const gw = await withGateway(t);
  const restart = await runCli(['batch', 'run', 'x.txt', '--restart'], { env: env(gw.url) });
  assert.equal(restart.code, 2);
  assert.match(restart.stderr, /--restart needs -o/);
  const zero = await runCli(['batch', 'run', 'x.txt', '-j', '0'], { env: env(gw.url) });
  assert.equal(zero.code, 2);
  const missing = await runCli(['batch', 'run', join(tempDir(t), 'absent.txt')], { env: env(gw.url) });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*absent\.txt: no such file/);
  assert.equal(gw.requests.length, 0);
});

test('a re-run with everything answered sends nothing and says so; a reader of stdout going away ends quietly', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'p.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, prompts(3));
  assert.equal((await runCli(['batch', 'run', input, '-o', out], { env: env(gw.url) })).code, 0);
  gw.clear();
  const again = await runCli(['batch', 'run', input, '-o', out], { env: env(gw.url) });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /^batch: nothing to send: all 3 requests were answered earlier in .*out\.jsonl/m);
  assert.equal(gw.requests.length, 0);
  // stdout closed mid-run (`| head -1`): the run stops, exit 0, no resume hint.
  const controller = new AbortController();
  const slow = await withGateway(t, { latencyMs: 20 });
  const timer = setInterval(() => {
    if (slow.load.served >= 2) {
      clearInterval(timer);
      controller.abort(new OutputClosed());
    }
  }, 2);
  writeFileSync(input, prompts(100));
  const closed = await runCli(['batch', 'run', input, '-j', '2'], { env: env(slow.url), signal: controller.signal });
  assert.equal(closed.code, 0, closed.stderr);
  assert.doesNotMatch(closed.stderr, /resume|error/);
  assert.ok(slow.load.served < 100);
});

test('bare `tfy-llm batch` names its subcommand: exit 2', async () => {
  const result = await runCli(['batch']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: batch needs a subcommand: run, submit, status, results, cancel or list$/m);
});

test('an -o file that is not batch output (or --text against a JSONL one) is refused, never rewritten', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'p.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, prompts(2));
  assert.equal((await runCli(['batch', 'run', input, '-o', out], { env: env(gw.url) })).code, 0);
  const before = readFileSync(out, 'utf8');
  gw.clear();
  const text = await runCli(['batch', 'run', input, '-o', out, '--text'], { env: env(gw.url) });
  assert.equal(text.code, 2);
  assert.match(text.stderr, /out\.jsonl line 1 is not a --text result line: it is left as it is/);
  assert.equal(readFileSync(out, 'utf8'), before);
  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, 'my notes\n');
  const foreign = await runCli(['batch', 'run', input, '-o', notes], { env: env(gw.url) });
  assert.equal(foreign.code, 2);
  assert.equal(readFileSync(notes, 'utf8'), 'my notes\n');
  assert.equal(gw.requests.length, 0);
});

test('--timeout bounds each request: a line the gateway is too slow for fails as a timeout line, the run goes on', async (t) => {
  const gw = await withGateway(t, { latencyMs: 3000 });
  const dir = tempDir(t);
  const input = join(dir, 'prompts.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, prompts(2));
  const result = await runCli(['batch', 'run', input, '-o', out, '--timeout', '0.3'], { env: env(gw.url) });
  assert.equal(result.code, 1, result.stderr);
  const written = lines(out);
  assert.equal(written.length, 2);
  for (const line of written) {
    assert.equal(line.response, null);
    assert.equal(line.error?.code, 'timeout');
    assert.match(line.error?.message ?? '', /timed out/);
  }
});

test('the demo gateway: a line whose prompt is demo:always-500 fails as the model always-500 would, here as on its Batch API', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'prompts.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, 'fine\ndemo:always-500\n');
  const result = await runCli(['batch', 'run', input, '-o', out, '--max-retries', '0'], { env: env(gw.url) });
  assert.equal(result.code, 1, result.stderr);
  const written = lines(out).sort((a, b) => a.custom_id.localeCompare(b.custom_id));
  assert.equal(written[0]?.error, null);
  assert.equal(written[1]?.error?.code, 'server_error');
  assert.equal(written[1]?.response?.status_code, 500);
  // The model's name is still what the gateway says it routed to.
  assert.ok(gw.requests.every((r) => r.method !== 'POST' || (r.body as { model: string }).model === 'my-openai/gpt-4o'));
});
