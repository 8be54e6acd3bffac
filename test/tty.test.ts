// The built binary in a real pseudo-terminal (`script -qec`): what a person at a terminal sees.
// The terminal merges stdout and stderr and turns \n into \r\n.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { cliCommand, startInTerminal } from './helpers/child-cli.ts';
import { KEY } from './helpers/run-cli.ts';

const envFor = (url: string, extra: Record<string, string> = {}) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY, ...extra });
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';
const SGR = /\u001B\[[0-9;]*m/;
const screen = (text: string): string => text.replace(/\r\n/g, '\n');

async function inTerminal(argv: string[], env: Record<string, string>, sized = true): Promise<{ code: number | null; out: string }> {
  const cli = startInTerminal(cliCommand(argv), env, sized);
  cli.child.stdin?.end();
  const { code } = await cli.exited;
  return { code, out: screen(cli.stdout()) };
}

/** The cursor was hidden for the spinner and is visible again at the end. */
function cursorRestored(out: string): boolean {
  return out.includes(HIDE_CURSOR) && out.lastIndexOf(SHOW_CURSOR) > out.lastIndexOf(HIDE_CURSOR);
}

test('a terminal gets a spinner, the answer streamed then rendered, and the dim footer', async (t) => {
  const gw = await withGateway(t);
  const { code, out } = await inTerminal(['create', 'hi', 'there', '-m', 'p/gpt-4o'], envFor(gw.url));
  assert.equal(code, 0, out);
  assert.match(out, /waiting for p\/gpt-4o/, 'the spinner said what it waits for');
  assert.ok(cursorRestored(out), JSON.stringify(out));
  assert.ok(out.includes('**Hello from the demo '), 'the raw delta was shown as it came');
  assert.ok(out.includes('\r\u001B[J\u001B[1mHello from the demo gateway.\u001B[22m\n'), 'then redrawn in bold');
  assert.match(out, /\u001B\[2mresp_\w+ · p\/gpt-4o-2024-08-06 · 2 in \/ \d+ out · \d+\.\ds\u001B\[22m\n/);
});

test('--no-stream on a terminal renders the whole answer once, after the spinner', async (t) => {
  const gw = await withGateway(t);
  const { code, out } = await inTerminal(['create', 'hi', '-m', 'p/gpt-4o', '--no-stream'], envFor(gw.url));
  assert.equal(code, 0, out);
  assert.ok(cursorRestored(out));
  assert.doesNotMatch(out, /\*\*/);
  assert.ok(out.includes('\u001B[1mHello from the demo gateway.\u001B[22m\n\nYou sent '), JSON.stringify(out));
});

test('a terminal that reports no size (0 columns) gets no spinner, and the answer all the same', async (t) => {
  const gw = await withGateway(t);
  for (const mode of ['--stream', '--no-stream']) {
    const { code, out } = await inTerminal(['create', 'hi', '-m', 'p/gpt-4o', mode], envFor(gw.url), false);
    assert.equal(code, 0, out);
    assert.ok(!out.includes(HIDE_CURSOR), `${mode}: ${JSON.stringify(out)}`);
    assert.ok(out.includes('\u001B[1mHello from the demo gateway.\u001B[22m\n'), `${mode}: ${JSON.stringify(out)}`);
  }
});

test('--json on a terminal: no spinner, no colour, one JSON document', async (t) => {
  const gw = await withGateway(t);
  const { code, out } = await inTerminal(['create', 'hi', '-m', 'p/gpt-4o', '--json'], envFor(gw.url));
  assert.equal(code, 0, out);
  assert.doesNotMatch(out, /\u001B/);
  assert.equal((JSON.parse(out) as { object: string }).object, 'response');
});

test('NO_COLOR on a terminal: rendered, but no colour codes anywhere', async (t) => {
  const gw = await withGateway(t);
  const { code, out } = await inTerminal(['create', 'hi', '-m', 'p/gpt-4o', '--no-stream'], envFor(gw.url, { NO_COLOR: '1' }));
  assert.equal(code, 0, out);
  assert.doesNotMatch(out, SGR);
  assert.match(out, /Hello from the demo gateway\.\n\nYou sent 1 word to p\/gpt-4o via provider p\.\n\n│ hi\n/);
});

test('stdout piped while stderr is a terminal: no spinner, no footer, no escape codes', async (t) => {
  const gw = await withGateway(t);
  const cli = startInTerminal(`${cliCommand(['create', 'hi', '-m', 'p/gpt-4o'])} | cat`, envFor(gw.url));
  cli.child.stdin?.end();
  const { code } = await cli.exited;
  assert.equal(code, 0);
  const out = screen(cli.stdout());
  assert.doesNotMatch(out, /\u001B/);
  assert.match(out, /^\*\*Hello from the demo gateway\.\*\*\n[^]*> hi\n$/);
});

test('Ctrl-C at the terminal mid-stream: exit 130, the partial answer stays, the cursor comes back', async (t) => {
  const gw = await withGateway(t, { streamPauseMs: 120_000 });
  const cli = startInTerminal(cliCommand(['create', 'hi', '-m', 'p/slow-stream']), envFor(gw.url));
  t.after(() => cli.child.kill('SIGKILL'));
  await cli.waitForStdout((text) => text.includes('**Hello from the demo '));
  cli.child.stdin?.write('\u0003');
  const { code } = await cli.exited;
  assert.equal(code, 130);
  const out = screen(cli.stdout());
  assert.match(out, /\*\*Hello from the demo (\^C)?\n\u001B\[31merror:\u001B\[39m interrupted\n/);
  assert.ok(cursorRestored(out), JSON.stringify(out));
});

test('during retries the spinner says why and when: "rate limited, retrying in 1 s (2/2)" for a 429', async (t) => {
  const gw = await withGateway(t);
  const { code, out } = await inTerminal(['create', 'hi', '-m', 'p/rate-limited', '--max-retries', '1'], envFor(gw.url));
  assert.equal(code, 6, out);
  assert.match(out, /waiting for p\/rate-limited/);
  assert.match(out, /rate limited, retrying in 1 s \(2\/2\)/);
  assert.ok(cursorRestored(out), JSON.stringify(out));
});

test('sibling: a 5xx retried says the status and the backoff: "the gateway answered HTTP 500, retrying in 0.5 s (2/3)"', async (t) => {
  const gw = await withGateway(t);
  const { code, out } = await inTerminal(['create', 'hi', '-m', 'p/always-500', '--no-stream'], envFor(gw.url));
  assert.equal(code, 1, out);
  assert.match(out, /the gateway answered HTTP 500, retrying in 0\.5 s \(2\/3\)/);
  assert.match(out, /the gateway answered HTTP 500, retrying in 1 s \(3\/3\)/);
});
