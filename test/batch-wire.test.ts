// batch run sends over node:http (src/http/node-fetch.ts), not fetch: each way a server misbehaves is
// played by a tiny server here, and each must end as one clear result line (or, where every line would
// fail alike, one clear error), never a crash, a hang or a wrong success. create, on fetch, is held to
// the same words for the kinds this file added.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withBadServer, type BadKind } from './helpers/bad-servers.ts';
import { runCli, tempDir } from './helpers/run-cli.ts';
import type { BatchOutputLine } from '../src/batch/output-format.ts';

interface Row {
  kind: BadKind;
  /** The one output line: its error code and message, or null for a success whose text this is. */
  line: { code: string; message: RegExp } | { text: string };
  /** Also checked for create (the kinds added with node-fetch.ts). */
  create?: RegExp;
}

const ROWS: readonly Row[] = [
  { kind: 'gzip-answer', line: { text: 'an answer, gzip-answer' }, create: /^an answer, gzip-answer$/ },
  { kind: 'br-answer', line: { text: 'an answer, br-answer' }, create: /^an answer, br-answer$/ },
  { kind: 'deflate-answer', line: { text: 'an answer, deflate-answer' }, create: /^an answer, deflate-answer$/ },
  { kind: 'raw-deflate-answer', line: { text: 'an answer, raw-deflate-answer' }, create: /^an answer, raw-deflate-answer$/ },
  { kind: 'gzip-trailing-answer', line: { text: 'an answer, gzip-trailing-answer' }, create: /^an answer, gzip-trailing-answer$/ },
  { kind: 'twice-encoded-answer', line: { text: 'an answer, twice-encoded-answer' }, create: /^an answer, twice-encoded-answer$/ },
  { kind: 'bad-encoding', line: { code: 'invalid_response', message: /could not be decoded as its Content-Encoding says/ }, create: /could not be decoded as its Content-Encoding says/ },
  { kind: 'odd-status', line: { code: 'invalid_response', message: /status 600, which is not an HTTP status/ }, create: /^error: the gateway answered with status 600, which is not an HTTP status\nhint: check the base URL \(and any proxy in between\)\n$/ },
  { kind: 'no-content', line: { code: 'invalid_response', message: /HTTP 204 with something that is not JSON/ }, create: /not a JSON response object/ },
  { kind: 'endless-chunked', line: { code: 'response_too_large', message: /larger than 64 MB/ }, create: /larger than 64 MB/ },
  { kind: 'gzip-bomb', line: { code: 'response_too_large', message: /larger than 64 MB/ } },
  { kind: 'huge-plain', line: { code: 'response_too_large', message: /larger than 64 MB/ } },
  { kind: 'web-page', line: { code: 'invalid_response', message: /HTTP 200 with something that is not JSON/ } },
  { kind: 'truncated', line: { code: 'connection_error', message: /closed before the answer was complete/ } },
  { kind: 'hang-up', line: { code: 'connection_error', message: /closed before an answer came/ } },
];

async function batchAgainst(t: Parameters<typeof withBadServer>[0], kind: BadKind, extra: string[] = []) {
  const server = await withBadServer(t, kind);
  const dir = tempDir(t as never);
  const input = join(dir, 'prompts.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, 'hello\n');
  const env = { TFY_LLM_BASE_URL: server.url, TFY_API_KEY: 'tfy-demo-key', TFY_LLM_MODEL: 'p/m' };
  const result = await runCli(['batch', 'run', input, '-o', out, '--max-retries', '0', '--timeout', '20', ...extra], { env });
  const lines = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
  return { server, result, lines, env };
}

for (const row of ROWS) {
  test(`batch run against a server that sends ${row.kind}: ${'text' in row.line ? 'the answer, decoded' : `a failed line (${row.line.code})`}`, async (t) => {
    const { result, lines, env } = await batchAgainst(t, row.kind);
    assert.equal(lines.length, 1, result.stderr);
    const line = JSON.parse(lines[0] ?? '') as BatchOutputLine;
    if ('text' in row.line) {
      assert.equal(result.code, 0, result.stderr);
      assert.equal(line.error, null);
      const body = line.response?.body as { output: { content: { text: string }[] }[] };
      assert.equal(body.output[0]?.content[0]?.text, row.line.text);
    } else {
      assert.equal(result.code, 1, result.stderr);
      assert.equal(line.error?.code, row.line.code, line.error?.message);
      assert.match(line.error?.message ?? '', row.line.message);
      assert.doesNotMatch(line.error?.message ?? '', /\n|\s{2}at /);
    }
    assert.doesNotMatch(result.stderr, /\s{2}at /, 'no stack trace');
    if (row.create) {
      const create = await runCli(['create', 'hello', '--max-retries', '0', '--no-stream'], { env });
      assert.match('text' in row.line ? create.stdout.trim() : create.stderr, row.create);
      assert.equal(create.code, 'text' in row.line ? 0 : 1, create.stderr);
    }
  });
}

test('batch run against a base URL that redirects: one error that names where it points (exit 3), no line written, not followed', async (t) => {
  for (const [kind, target] of [['redirect-moved', /\/elsewhere\/api\/llm\/responses/], ['redirect-elsewhere', /http:\/\/127\.0\.0\.2:1\/api\/llm\/responses/]] as const) {
    const { server, result, lines } = await batchAgainst(t, kind);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /the base URL redirects to /);
    assert.match(result.stderr, target);
    assert.match(result.stderr, /HTTP 30[17]/);
    assert.equal(lines.length, 0);
    assert.equal(server.hits, 1, 'the redirect is not followed, and the run stops at the first');
  }
});

test('batch run: a 503 whose body is broken (cut short, or an empty gzip) is retried as over fetch, and the line succeeds', async (t) => {
  for (const kind of ['cut-503-then-answer', 'empty-gzip-503-then-answer'] as const) {
    const { server, result, lines } = await batchAgainst(t, kind, ['--max-retries', '2']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(server.hits, 2, kind);
    const line = JSON.parse(lines[0] ?? '') as BatchOutputLine;
    assert.equal(line.error, null);
  }
});

test('batch run against a server that never answers: --timeout ends each request as a timeout line', async (t) => {
  const { result, lines } = await batchAgainst(t, 'silent', ['--timeout', '0.4']);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(lines.length, 1);
  assert.equal((JSON.parse(lines[0] ?? '') as BatchOutputLine).error?.code, 'timeout');
});

test('a redirect without a last request (a batch): an absolute or root-relative Location is shown whole, a path-relative one as it came', async () => {
  const { APIError } = await import('openai/error');
  const { toCliError } = await import('../src/http/failures.ts');
  const base = 'https://gw.example/api/llm/v1';
  const cases: [string, string][] = [
    ['https://other.example/api/llm/responses', 'https://other.example/api/llm/responses'],
    ['/elsewhere/api/llm/responses', 'https://gw.example/elsewhere/api/llm/responses'],
    ['v2/responses', 'v2/responses'],
  ];
  for (const [location, shown] of cases) {
    const err = APIError.generate(301, undefined, undefined, new Headers({ location }));
    const cli = toCliError(err, { baseURL: base });
    assert.equal(cli.type, 'redirect');
    assert.equal(cli.message, `the base URL redirects to ${shown} (HTTP 301); use that URL`);
  }
});
