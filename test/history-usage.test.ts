// What the history keeps per response (tokens, models, duration, the answer's first line), and what is
// made of it: the tokens column, `history search`, `history --stats`; old files read as they were.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir, type RunOptions } from './helpers/run-cli.ts';

type Json = Record<string, any>;

function setUp(t: TestContext, gw?: FakeGateway) {
  const dir = tempDir(t);
  const env: Record<string, string> = { TFY_LLM_CONFIG_DIR: dir, ...(gw ? { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY } : {}) };
  const cli = (argv: string[], options: RunOptions = {}) => runCli(argv, { ...options, env: { ...env, ...options.env } });
  return { cli, file: join(dir, 'history.jsonl') };
}

test('each response records its requested and resolved model, tokens, duration and first answer line; history shows tokens', async (t) => {
  const gw = await withGateway(t);
  const { cli, file } = setUp(t, gw);
  const plain = await cli(['create', 'write a haiku', '-m', 'my-openai/gpt-4o', '--json']);
  const streamed = await cli(['create', 'hello there', '-m', 'my-anthropic/claude-sonnet-4', '--stream', '--json']);
  assert.equal(plain.code + streamed.code, 0, plain.stderr + streamed.stderr);
  const response = JSON.parse(plain.stdout) as Json;
  const [second, first] = JSON.parse((await cli(['history', '--json'])).stdout) as Json[];
  assert.equal(first?.requested_model, 'my-openai/gpt-4o');
  assert.equal(first?.resolved_model, 'my-openai/gpt-4o-2024-08-06');
  assert.deepEqual(first?.usage, { input: response.usage.input_tokens, output: response.usage.output_tokens });
  assert.equal(first?.answer, response.output[0].content[0].text.split('\n')[0].slice(0, 80));
  assert.ok(Number.isInteger(first?.duration_ms));
  assert.equal(second?.resolved_model, 'my-anthropic/claude-sonnet-4-2024-08-06');
  assert.ok(second?.usage.output > 0);
  // One line per response, still.
  assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 2);

  const table = await cli(['history'], { stdoutTTY: true, env: { NO_COLOR: '1' } });
  assert.match(table.stdout, /^ID +TIME +PROFILE +PROVIDER +MODEL +STATUS +TOKENS +PROMPT\n/);
  assert.match(table.stdout, new RegExp(`my-openai/gpt-4o +completed +${response.usage.input_tokens}/${response.usage.output_tokens} +write a h`), table.stdout);
});

test('an old history file (no tokens, no answer) reads without loss: same entries, same JSON, "-" for tokens', async (t) => {
  const { cli, file } = setUp(t);
  const old = [
    { v: 1, event: 'create', id: 'resp_old1', time: '2026-10-01T10:00:00.000Z', profile: 'dev', base_url: 'https://gw.example/api/llm', provider: 'p1', model: 'p1/gpt-4o', status: 'completed', stored: true, prompt: 'first question' },
    { v: 1, event: 'create', id: 'resp_old2', time: '2026-10-02T10:00:00.000Z', profile: null, base_url: 'https://gw.example/api/llm', provider: null, model: 'm', status: 'queued', stored: false, prompt: 'second' },
    { v: 1, event: 'status', id: 'resp_old2', time: '2026-10-02T10:01:00.000Z', status: 'completed' },
    // The oldest lines had no profile or provider fields at all.
    { v: 1, event: 'create', id: 'resp_old3', time: '2026-10-03T10:00:00.000Z', base_url: '', model: 'p/m', status: 'completed', prompt: 'third' },
  ];
  writeFileSync(file, `${old.map((line) => JSON.stringify(line)).join('\n')}\n`, { mode: 0o600 });
  const listed = JSON.parse((await cli(['history', '--json'])).stdout) as Json[];
  assert.deepEqual(listed, [
    { id: 'resp_old3', time: '2026-10-03T10:00:00.000Z', base_url: '', model: 'p/m', status: 'completed', prompt: 'third', profile: null, provider: null, stored: true },
    { id: 'resp_old2', time: '2026-10-02T10:00:00.000Z', profile: null, base_url: 'https://gw.example/api/llm', provider: null, model: 'm', status: 'completed', stored: false, prompt: 'second' },
    { id: 'resp_old1', time: '2026-10-01T10:00:00.000Z', profile: 'dev', base_url: 'https://gw.example/api/llm', provider: 'p1', model: 'p1/gpt-4o', status: 'completed', stored: true, prompt: 'first question' },
  ]);
  const table = await cli(['history']);
  assert.equal(table.stderr, '');
  assert.deepEqual(table.stdout.trimEnd().split('\n').map((row) => row.split(/ {2,}/).slice(-2)), [['-', 'third'], ['-', 'second'], ['-', 'first question']]);
  const stats = JSON.parse((await cli(['history', '--stats', '--json'])).stdout) as Json;
  assert.deepEqual(stats.total, { key: 'total', requests: 3, failures: 0, input_tokens: 0, output_tokens: 0, reasoning_tokens: 0, cached_tokens: 0, median_ms: null, p95_ms: null });
  assert.equal((await cli(['history', 'search', 'first'])).stdout.split('\n')[0]?.split(' ')[0], 'resp_old1');
});

test('history search: every word, any case, in the prompt, the answer, the model or the id; newest first', async (t) => {
  const { cli, file } = setUp(t);
  const line = (id: string, prompt: string, answer: string, model = 'p/gpt-4o') =>
    JSON.stringify({ v: 1, event: 'create', id, time: '2026-11-01T10:00:00.000Z', profile: null, base_url: '', provider: 'p', model, status: 'completed', stored: true, prompt, answer });
  writeFileSync(file, [line('resp_a', 'Invoice for ACME', 'Total: 12 EUR'), line('resp_b', 'a haiku', 'Gateways hum softly', 'p/claude'), line('resp_c', 'acme invoice again', 'Paid')].join('\n') + '\n');
  const ids = async (...words: string[]) => (await cli(['history', 'search', ...words])).stdout.split('\n').filter(Boolean).map((row) => row.split(' ')[0]);
  assert.deepEqual(await ids('invoice', 'acme'), ['resp_c', 'resp_a']);
  assert.deepEqual(await ids('HUM'), ['resp_b'], 'the answer is searched');
  assert.deepEqual(await ids('claude'), ['resp_b'], 'the model is searched');
  assert.deepEqual(await ids('invoice', 'paid'), ['resp_c']);
  assert.deepEqual(await ids('invoice', '-n', '1'), ['resp_c']);
  const none = await cli(['history', 'search', 'nothing']);
  assert.deepEqual([none.code, none.stdout, none.stderr], [0, '', 'no response in the history matches\n']);
  const json = JSON.parse((await cli(['history', 'search', 'haiku', '--json'])).stdout) as Json[];
  assert.deepEqual(json.map((e) => e.id), ['resp_b']);
  const empty = await cli(['history', 'search']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /^error: history search needs words to look for/);
});

test('history shows stored prompts and answers terminal-safe: no escape sequence or control byte reaches the terminal', async (t) => {
  const { cli, file } = setUp(t);
  const hostile = '\u001b]0;pwned\u0007title \u0000nul \u001a sub \u001b[2J clear';
  writeFileSync(file, JSON.stringify({ v: 1, event: 'create', id: 'resp_x', time: '2026-11-01T10:00:00.000Z', profile: null, base_url: '', provider: 'p\u001b[31m', model: 'p/m\u0007', status: 'completed', stored: true, prompt: hostile, answer: hostile }) + '\n');
  for (const argv of [['history'], ['history', 'search', 'title'], ['history', '--stats', '--by', 'provider']]) {
    for (const stdoutTTY of [true, false]) {
      const out = await cli(argv, { stdoutTTY, env: { NO_COLOR: '1' } });
      assert.equal(out.code, 0, out.stderr);
      assert.doesNotMatch(out.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, `${argv.join(' ')}: ${JSON.stringify(out.stdout)}`);
    }
  }
  // --json is data, not terminal text: the stored strings as they are, escaped by JSON.
  assert.equal((JSON.parse((await cli(['history', '--json'])).stdout) as Json[])[0]?.prompt, hostile);
});

/** 10,000 entries over about a week: 3/4 through gpt-4o, 1/4 through claude; durations 1..10000 ms. */
function generated(file: string): { base: number } {
  const base = Date.parse('2026-11-01T00:00:00.000Z');
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const claude = i % 4 === 3;
    lines.push(JSON.stringify({
      v: 1, event: 'create', id: `resp_${i}`, time: new Date(base + i * 60_000).toISOString(), profile: i % 2 ? 'prod' : 'dev',
      base_url: '', provider: claude ? 'my-anthropic' : 'my-openai', model: claude ? 'my-anthropic/claude-sonnet-4' : 'my-openai/gpt-4o',
      status: i % 100 === 0 ? 'failed' : 'completed', stored: true, prompt: `prompt ${i}`,
      requested_model: claude ? 'my-anthropic/claude-sonnet-4' : 'my-openai/gpt-4o', usage: { input: 10, output: 20 }, duration_ms: i + 1, answer: 'ok',
    }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { base };
}

test('history --stats over 10,000 entries: requests, failures, tokens, median and p95 per model, day, profile, provider; --since', async (t) => {
  const gw = await withGateway(t);
  const { cli, file } = setUp(t, gw);
  const { base } = generated(file);
  const now = () => base + 10_000 * 60_000;

  const stats = JSON.parse((await cli(['history', '--stats', '--json'], { now })).stdout) as Json;
  assert.equal(stats.by, 'model');
  assert.deepEqual(stats.rows, [
    { key: 'my-openai/gpt-4o', requests: 7500, failures: 100, input_tokens: 75_000, output_tokens: 150_000, reasoning_tokens: 0, cached_tokens: 0, median_ms: 4999, p95_ms: 9499 },
    { key: 'my-anthropic/claude-sonnet-4', requests: 2500, failures: 0, input_tokens: 25_000, output_tokens: 50_000, reasoning_tokens: 0, cached_tokens: 0, median_ms: 5000, p95_ms: 9500 },
  ]);
  assert.deepEqual(stats.total, { key: 'total', requests: 10_000, failures: 100, input_tokens: 100_000, output_tokens: 200_000, reasoning_tokens: 0, cached_tokens: 0, median_ms: 5000, p95_ms: 9500 });

  const byDay = JSON.parse((await cli(['history', '--stats', '--by', 'day', '--json'], { now })).stdout) as Json;
  assert.deepEqual(byDay.rows.map((r: Json) => [r.key, r.requests]), [
    ['2026-11-01', 1440], ['2026-11-02', 1440], ['2026-11-03', 1440], ['2026-11-04', 1440], ['2026-11-05', 1440], ['2026-11-06', 1440], ['2026-11-07', 1360],
  ]);
  const byProfile = JSON.parse((await cli(['history', '--stats', '--by', 'profile', '--json'], { now })).stdout) as Json;
  assert.deepEqual(byProfile.rows.map((r: Json) => [r.key, r.requests, r.failures]), [['dev', 5000, 100], ['prod', 5000, 0]]);
  const byProvider = JSON.parse((await cli(['history', '--stats', '--by', 'provider', '--json'], { now })).stdout) as Json;
  assert.deepEqual(byProvider.rows.map((r: Json) => r.key), ['my-openai', 'my-anthropic']);
  const lastDay = JSON.parse((await cli(['history', '--stats', '--since', '1d', '--json'], { now })).stdout) as Json;
  assert.equal(lastDay.total.requests, 1440);
  assert.equal(lastDay.since, new Date(now() - 86_400_000).toISOString());
  const fromDate = JSON.parse((await cli(['history', '--stats', '--since', '2026-11-07T00:00:00Z', '--json'], { now })).stdout) as Json;
  assert.equal(fromDate.total.requests, 1360);

  // No prices known (no model list cached): no cost column at all, never a guessed price.
  const tty = await cli(['history', '--stats'], { now, stdoutTTY: true, env: { NO_COLOR: '1' } });
  const rows = tty.stdout.trimEnd().split('\n');
  assert.match(rows[0] ?? '', /^MODEL +REQUESTS +FAILED +TOKENS IN +TOKENS OUT +MEDIAN +P95$/);
  assert.match(rows[1] ?? '', /^my-openai\/gpt-4o +7,500 +100 +75,000 +150,000 +5\.00s +9\.50s {2}█{16}$/);
  assert.match(rows[2] ?? '', /^my-anthropic\/claude-sonnet-4 +2,500 +0 +25,000 +50,000 +5\.00s +9\.50s {2}█{5}$/);
  assert.match(rows[3] ?? '', /^total +10,000 +100 +100,000 +200,000 +5\.00s +9\.50s$/);
  assert.ok(!('cost_usd' in stats.total));
  const tsv = (await cli(['history', '--stats', '--by', 'profile'], { now })).stdout.split('\n');
  assert.equal(tsv[0], 'profile\trequests\tfailures\tinput_tokens\toutput_tokens\tmedian_ms\tp95_ms');

  // Once `models` has cached the gateway's prices: an estimated cost column, from those prices only.
  assert.equal((await cli(['models'], { now })).code, 0);
  const priced = JSON.parse((await cli(['history', '--stats', '--json'], { now })).stdout) as Json;
  assert.deepEqual(priced.rows.map((r: Json) => r.cost_usd), [1.6875, 0.825]);
  assert.equal(priced.total.cost_usd, 2.5125);
  const pricedTable = await cli(['history', '--stats'], { now, stdoutTTY: true, env: { NO_COLOR: '1' } });
  assert.match(pricedTable.stdout, /EST\. COST\n/);
  assert.match(pricedTable.stdout, /\n *total .* \$2\.51\n$/);
});

test('history flags that would do nothing are refused (exit 2), all problems at once', async (t) => {
  const { cli } = setUp(t);
  for (const [argv, message] of [
    [['history', '--since', '7d'], '--since goes with --stats'],
    [['history', '--by', 'day'], '--by goes with --stats'],
    [['history', '--stats', '-n', '5'], '--stats counts every entry: drop -n'],
    [['history', 'clear', '--stats'], '--stats cannot be combined with history clear'],
    [['history', '--stats', '--since', 'last week'], '--since must be a span like 7d'],
    [['history', 'clear', 'now'], 'history clear takes no words'],
  ] as const) {
    const result = await cli([...argv]);
    assert.equal(result.code, 2, argv.join(' '));
    assert.ok(result.stderr.startsWith(`error: `) && result.stderr.includes(message), result.stderr);
  }
  const both = await cli(['history', '--since', 'x', '--by', 'day']);
  assert.match(both.stderr, /--since goes with --stats; --by goes with --stats/);
  assert.equal((await cli(['history', '--stats', '--by', 'week'])).code, 2);
});

test('a background response: its tokens and answer are recorded when --wait or retrieve sees it end', async (t) => {
  const gw = await withGateway(t);
  const { cli, file } = setUp(t, gw);
  const waited = await cli(['create', 'a long report', '-m', 'my-openai/gpt-4o', '--background', '--wait', '--json']);
  assert.equal(waited.code, 0, waited.stderr);
  const final = JSON.parse(waited.stdout) as Json;
  const queued = await cli(['create', 'another report', '-m', 'my-openai/gpt-4o', '--background']);
  assert.equal(queued.code, 0, queued.stderr);
  let [later, first] = JSON.parse((await cli(['history', '--json'])).stdout) as Json[];
  assert.equal(first?.status, 'completed');
  assert.deepEqual(first?.usage, { input: final.usage.input_tokens, output: final.usage.output_tokens });
  assert.equal(first?.answer, final.output[0].content[0].text.split('\n')[0].slice(0, 80));
  assert.equal(later?.usage, undefined, 'still queued: nothing used yet');
  assert.equal((await cli(['retrieve', 'last', '--wait'])).code, 0);
  [later] = JSON.parse((await cli(['history', '--json'])).stdout) as Json[];
  assert.equal(later?.status, 'completed');
  assert.ok(later?.usage.output > 0);
  assert.ok((await cli(['history', 'search', 'demo', 'gateway'])).stdout.includes(later?.id), 'the answer is searchable');
  // Appended, never rewritten: two creates and two status lines.
  assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 4);
});
