// How a finished response is printed: a pipe, --text, --json, a terminal; statuses; colour.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli } from './helpers/run-cli.ts';

const envFor = (url: string, extra: Record<string, string> = {}) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY, ...extra });
const ESC = /\u001B/;
const sentStream = (body: unknown): unknown => (body as { stream?: unknown }).stream;

test('in a pipe: no streaming unless asked, the text alone and one newline, no escape codes even when colour is forced', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hello', 'world', '-m', 'p/gpt-4o'], { env: envFor(gw.url, { FORCE_COLOR: '3' }) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(sentStream(gw.requests[0]?.body), undefined, 'a pipe does not stream by default');
  const stored = [...gw.responses('p').values()][0] as { output: { content: { text: string }[] }[] };
  assert.equal(result.stdout, `${stored.output[0]?.content[0]?.text}\n`);
  assert.equal(result.stderr, '');
  assert.doesNotMatch(result.stdout, ESC);
});

test('--text on a terminal prints the raw Markdown, with the footer still on stderr', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', '-m', 'p/gpt-4o', '--text', '--no-stream'], {
    env: envFor(gw.url, { FORCE_COLOR: '3' }),
    stdoutTTY: true,
    stderrTTY: true,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^\*\*Hello from the demo gateway\.\*\*\n/);
  assert.doesNotMatch(result.stdout, ESC);
  assert.match(result.stderr, /resp_\w+ · p\/gpt-4o-2024-08-06 · \d+ in \/ \d+ out/);
});

test('on a terminal: Markdown rendered (bold, no asterisks), then the dim footer on stderr', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', '-m', 'p/gpt-4o', '--no-stream'], {
    env: envFor(gw.url, { FORCE_COLOR: '1' }),
    stdoutTTY: true,
    stderrTTY: true,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.includes('\u001B[1mHello from the demo gateway.\u001B[22m'), JSON.stringify(result.stdout));
  assert.doesNotMatch(result.stdout, /\*\*|`p\/gpt-4o`/);
  assert.ok(result.stdout.endsWith('\n') && !result.stdout.endsWith('\n\n'));
  assert.match(result.stderr, /^\u001B\[2mresp_\w+ · p\/gpt-4o-2024-08-06 · .*\u001B\[22m\n$/);
});

test('colour is decided once: NO_COLOR, --no-color and FORCE_COLOR=0 keep the rendering but drop every escape code', async (t) => {
  const gw = await withGateway(t);
  for (const [args, env] of [[[], { NO_COLOR: '1' }], [['--no-color'], { FORCE_COLOR: '3' }], [[], { FORCE_COLOR: '0' }]] as const) {
    const result = await runCli(['create', 'hi', '-m', 'p/gpt-4o', '--no-stream', ...args], { env: envFor(gw.url, env), stdoutTTY: true, stderrTTY: true });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Hello from the demo gateway\.\n/, `${args} ${JSON.stringify(env)}`);
    assert.doesNotMatch(result.stdout + result.stderr, ESC, `${args} ${JSON.stringify(env)}`);
  }
});

test('--json on a terminal neither streams nor renders: one indented document', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', '-m', 'p/gpt-4o', '--json'], { env: envFor(gw.url), stdoutTTY: true, stderrTTY: true });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(sentStream(gw.requests[0]?.body), undefined);
  const doc = JSON.parse(result.stdout) as { id: string };
  assert.deepEqual(doc, gw.responses('p').get(doc.id));
  assert.equal(result.stderr, '', 'no footer with --json');
});

test('refusals, reasoning and tool calls are marked as such on a terminal', async (t) => {
  const gw = await withGateway(t);
  const run = (model: string) =>
    runCli(['create', 'hi', 'you', '-m', `p/${model}`, '--no-stream'], { env: envFor(gw.url, { NO_COLOR: '1' }), stdoutTTY: true });
  const refusal = await run('refusal');
  assert.equal(refusal.code, 0, refusal.stderr);
  assert.equal(refusal.stdout, "refused: I can't help with that.\n");
  const reasoning = await run('reasoning');
  assert.match(reasoning.stdout, /^reasoning: The user sent 2 words; I will describe what arrived\.\n\nHello from the demo gateway\.\n/);
  const tool = await run('tool-call');
  assert.match(tool.stdout, /^function call: get_weather\(\{"city":"Paris"\}\) \[call_\w+\]\n$/);
});

test('in a pipe, refusals and tool calls are told on stderr; stdout keeps only the text', async (t) => {
  const gw = await withGateway(t);
  const refusal = await runCli(['create', 'hi', '-m', 'p/refusal'], { env: envFor(gw.url) });
  assert.equal(refusal.code, 0);
  assert.equal(refusal.stdout, '\n');
  assert.equal(refusal.stderr, "refused: I can't help with that.\n");
  const tool = await runCli(['create', 'hi', '-m', 'p/tool-call'], { env: envFor(gw.url) });
  assert.equal(tool.stdout, '\n');
  assert.match(tool.stderr, /^function call: get_weather\(\{"city":"Paris"\}\)/);
  const reasoning = await runCli(['create', 'hi', '-m', 'p/reasoning'], { env: envFor(gw.url) });
  assert.match(reasoning.stdout, /^\*\*Hello from the demo gateway/, 'the reasoning summary is not part of the text');
});

test('incomplete prints what it has and warns with the reason (exit 0); failed is exit 1 with the message', async (t) => {
  const gw = await withGateway(t);
  const incomplete = await runCli(['create', 'one two three', '-m', 'p/incomplete'], { env: envFor(gw.url) });
  assert.equal(incomplete.code, 0);
  assert.match(incomplete.stdout, /^\*\*Hello from the demo gateway\.\*\*/);
  assert.equal(incomplete.stderr, 'warning: the response is incomplete (max_output_tokens)\n');
  const failed = await runCli(['create', 'hi', '-m', 'p/failed'], { env: envFor(gw.url) });
  assert.equal(failed.code, 1);
  // The gateway's request id, as for any other failure.
  assert.match(failed.stderr, /^error: the response resp_\w+ failed: The model failed to generate a response\. \[request id: req_\w+\]\n$/);
});
