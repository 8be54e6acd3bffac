// `tfy-llm chat` in a real pseudo-terminal (util-linux `script`), typed at like a person would.
// The fake gateway records each request, so every turn's chain, provider and instructions are checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { cliCommand, startInTerminal } from './helpers/child-cli.ts';
import { KEY, spawnCli, tempDir } from './helpers/run-cli.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;
const skip = !hasScript && 'util-linux script is not installed';
const TIMEOUT = 90_000;

/** The screen's text without colours, cursor moves and carriage returns. */
const plain = (text: string): string => text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
const FOOTER = /resp_\w+ · [^\n]* in \/ \d+ out · \d+\.\ds\n/;

interface Chat {
  type(keys: string): void;
  /** Waits until the screen, from where the last wait ended, matches. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Sends a message and waits for its footer and the next prompt. */
  say(message: string): Promise<string>;
  screen(): string;
  exited: Promise<{ code: number | null }>;
}

function startChat(t: TestContext, gw: FakeGateway, argv: string[], dir: string, env: Record<string, string> = {}): Chat {
  const cli = startInTerminal(cliCommand(['chat', ...argv]), { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: dir, ...env });
  t.after(() => cli.child.kill('SIGKILL'));
  let seen = 0;
  const chat: Chat = {
    type: (keys) => void cli.child.stdin?.write(keys),
    async waitFor(pattern) {
      // A bound, not a timing assertion: a screen that never shows the pattern fails with what it shows.
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`waited for ${pattern} after:\n${plain(cli.stdout()).slice(seen)}`)), 30_000);
      });
      await Promise.race([cli.waitForStdout((text) => pattern.test(plain(text).slice(seen))), stuck]).finally(() => clearTimeout(timer));
      const screen = plain(cli.stdout());
      const match = pattern.exec(screen.slice(seen));
      const found = screen.slice(seen, seen + (match?.index ?? 0) + (match?.[0].length ?? 0));
      seen += found.length;
      return found;
    },
    async say(message) {
      chat.type(`${message}\r`);
      return chat.waitFor(new RegExp(`${FOOTER.source}[^]*› $`));
    },
    screen: () => plain(cli.stdout()),
    exited: cli.exited,
  };
  return chat;
}

const posts = (gw: FakeGateway) => gw.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/responses'));
const bodies = (gw: FakeGateway) => posts(gw).map((r) => r.body as Record<string, unknown>);
const bodyOf = (gw: FakeGateway, i: number) => posts(gw)[i]?.body as Record<string, unknown>;
const idsIn = (text: string): string[] => [...text.matchAll(/(resp_\w+) · /g)].map((m) => m[1] ?? '');

test('three turns: each follows the last, through the same provider, with the instructions; Ctrl-D says how to resume', { skip, timeout: TIMEOUT }, async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const chat = startChat(t, gw, ['-m', 'p/gpt-4o', '-s', 'be brief'], dir);
  await chat.waitFor(/› $/);
  const first = await chat.say('one');
  assert.match(first, /Hello from the demo gateway\./);
  const second = await chat.say('two');
  assert.match(second, /Turn 2 of this conversation/);
  const third = await chat.say('three');
  assert.match(third, /Turn 3 of this conversation/);
  chat.type('\u0004');
  assert.equal((await chat.exited).code, 0);
  const ids = idsIn(chat.screen());
  assert.equal(ids.length, 3);
  assert.match(chat.screen(), new RegExp(`to go on with this conversation: tfy-llm chat --resume ${ids[2]}\\n`));
  assert.equal(posts(gw).length, 3);
  for (const [i, request] of posts(gw).entries()) {
    const body = request.body as Record<string, unknown>;
    assert.equal(request.headers['x-tfy-provider-name'], 'p');
    assert.equal(body.instructions, 'be brief');
    assert.equal(body.stream, true);
    assert.equal(body.previous_response_id, i === 0 ? undefined : ids[i - 1]);
    assert.equal(body.input, ['one', 'two', 'three'][i]);
  }
  // Every turn is in the local history: retrieve last and create --continue work after a chat.
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: dir };
  const last = await spawnCli(['retrieve', 'last', '--json'], { env });
  assert.equal((JSON.parse(last.stdout) as { id: string }).id, ids[2]);
  const next = await spawnCli(['create', 'four', '--continue', '-m', 'p/gpt-4o'], { env });
  assert.match(next.stdout, /Turn 4 of this conversation/);
});

test('a pasted block of 50 lines is one message; ↑ recalls messages from an earlier session', { skip, timeout: TIMEOUT }, async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);
  const chat = startChat(t, gw, ['-m', 'p/gpt-4o'], dir);
  await chat.waitFor(/› $/);
  chat.type(`summarise: \u001B[200~${lines.join('\r')}\r\u001B[201~`);
  await chat.waitFor(/\[pasted text #1: 50 lines\]/);
  await chat.say('');
  assert.equal(posts(gw).length, 1);
  assert.equal(bodyOf(gw, 0).input, `summarise: ${lines.join('\n')}`);
  // A line ending in \ goes on; so does a """ block. Neither is kept for ↑.
  chat.type('first \\\r');
  await chat.waitFor(/… $/);
  await chat.say('second');
  chat.type('"""\r');
  await chat.waitFor(/… $/);
  chat.type('x\r');
  await chat.waitFor(/… $/);
  await chat.say('y"""');
  assert.deepEqual(bodies(gw).slice(1).map((b) => b.input), ['first \nsecond', 'x\ny']);
  await chat.say('a short one');
  chat.type('/exit\r');
  assert.equal((await chat.exited).code, 0);
  const saved = join(dir, 'chat-history.jsonl');
  assert.equal(statSync(saved).mode & 0o777, 0o600);
  // The one-line message is kept; the pasted block is not (its placeholder would mean nothing later).
  assert.deepEqual(readFileSync(saved, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string), ['a short one', '/exit']);

  const again = startChat(t, gw, ['-m', 'p/gpt-4o'], dir);
  await again.waitFor(/› $/);
  again.type('\u001B[A\u001B[A');
  await again.waitFor(/a short one$/);
  again.type('\r');
  await again.waitFor(FOOTER);
  assert.equal(bodyOf(gw, 4).input, 'a short one');
  again.type('\u0004');
  assert.equal((await again.exited).code, 0);
});

test('Ctrl-C mid-answer stops that answer and the session goes on; Ctrl-C twice on an empty prompt leaves', { skip, timeout: TIMEOUT }, async (t) => {
  const gw = await withGateway(t, { streamPauseMs: 120_000 });
  const chat = startChat(t, gw, ['-m', 'p/slow-stream'], tempDir(t));
  await chat.waitFor(/› $/);
  chat.type('tell me slowly\r');
  await chat.waitFor(/\*\*Hello from the demo /);
  chat.type('\u0003');
  await chat.waitFor(/\(stopped: this answer is not part of the conversation\)\n[^]*› $/);
  chat.type('/model p/gpt-4o\r');
  await chat.waitFor(/model: p\/gpt-4o\n[^]*› $/);
  await chat.say('and now?');
  // The stopped answer is not followed on from.
  assert.equal(bodyOf(gw, 1).previous_response_id, undefined);
  assert.equal(bodyOf(gw, 1).model, 'p/gpt-4o');
  chat.type('\u0003');
  await chat.waitFor(/Ctrl-C again, Ctrl-D or \/exit to leave/);
  chat.type('\u0003');
  assert.equal((await chat.exited).code, 0);
  assert.match(chat.screen(), /tfy-llm chat --resume resp_\w+\n/);
});

test('/retry, /undo, /new and /model move the chain as they say; TAB completes a command', { skip, timeout: TIMEOUT }, async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const chat = startChat(t, gw, ['-m', 'p/gpt-4o'], dir);
  await chat.waitFor(/› $/);
  const [a] = idsIn(await chat.say('a'));
  const [b] = idsIn(await chat.say('b'));
  const [retried] = idsIn(await chat.say('/retry'));
  chat.type('/undo\r');
  await chat.waitFor(new RegExp(`dropped ${retried}; the next message follows ${a}\\n[^]*› $`));
  const [c] = idsIn(await chat.say('c'));
  chat.type('/new\r');
  await chat.waitFor(/new thread\n[^]*› $/);
  const [d] = idsIn(await chat.say('d'));
  chat.type('/model p/gpt-4o-mini\r');
  await chat.waitFor(/model: p\/gpt-4o-mini\n[^]*› $/);
  await chat.say('e');
  // Typed one key at a time: readline completes only a TAB that arrives on its own.
  chat.type('/mod');
  await chat.waitFor(/\/mod$/);
  chat.type('\t');
  await chat.waitFor(/^el $/);
  chat.type('q/gpt-4o\r');
  await chat.waitFor(/provider q cannot see the conversation kept by p: starting a new thread\n[^]*› $/);
  await chat.say('f');
  chat.type('/id\r');
  const shown = await chat.waitFor(/(resp_\w+)\n[^]*› $/);
  chat.type('/exit\r');
  assert.equal((await chat.exited).code, 0);

  const sent = posts(gw).map((r) => ({ input: (r.body as Record<string, unknown>).input, previous: (r.body as Record<string, unknown>).previous_response_id, provider: r.headers['x-tfy-provider-name'] }));
  assert.deepEqual(sent.map((s) => s.input), ['a', 'b', 'b', 'c', 'd', 'e', 'f']);
  assert.deepEqual(sent.map((s) => s.previous), [undefined, a, a, a, undefined, d, undefined]);
  assert.deepEqual(sent.map((s) => s.provider), ['p', 'p', 'p', 'p', 'p', 'p', 'q']);
  assert.ok(b && c && retried && b !== retried);
  assert.equal(bodyOf(gw, 6).model, 'q/gpt-4o');
  assert.ok(shown.includes(idsIn(chat.screen()).at(-1) ?? 'none'));
});

test('errors inside a session are one line and it goes on (a bad /image, a server error); /edit and /save', { skip, timeout: TIMEOUT }, async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const editor = join(dir, 'editor.sh');
  writeFileSync(editor, `#!/bin/sh\nprintf 'from the editor\\nsecond line\\n' > "$1"\n`);
  chmodSync(editor, 0o755);
  const chat = startChat(t, gw, ['-m', 'p/gpt-4o', '--max-retries', '0'], dir, { EDITOR: editor });
  await chat.waitFor(/› $/);
  chat.type(`/image ${join(dir, 'nope.png')}\r`);
  await chat.waitFor(/error: --image .*nope\.png: .*\n[^]*› $/);
  chat.type('/model p/always-500\r');
  await chat.waitFor(/› $/);
  chat.type('hello\r');
  await chat.waitFor(/error: [^\n]*HTTP 500[^\n]*\n[^]*› $/);
  chat.type('/model p/gpt-4o\r');
  await chat.waitFor(/› $/);
  chat.type('/edit\r');
  await chat.waitFor(FOOTER);
  assert.equal(bodyOf(gw, 1).input, 'from the editor\nsecond line');
  const file = join(dir, 'chat.md');
  chat.type(`/save ${file}\r`);
  await chat.waitFor(/saved 1 turn to .*chat\.md\n/);
  chat.type('\u0004');
  assert.equal((await chat.exited).code, 0);
  const saved = readFileSync(file, 'utf8');
  assert.match(saved, /## You\n\nfrom the editor\nsecond line\n\n## p\/gpt-4o \(`resp_\w+`\)\n\n\*\*Hello from the demo gateway\.\*\*/);
  assert.ok(!existsSync(join(dir, 'nope.png')));
});

test('--resume <id> after a session goes on from where it stopped', { skip, timeout: TIMEOUT }, async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const chat = startChat(t, gw, ['-m', 'p/gpt-4o'], dir);
  await chat.waitFor(/› $/);
  await chat.say('remember me');
  chat.type('/exit\r');
  await chat.exited;
  const id = /tfy-llm chat --resume (resp_\w+)/.exec(chat.screen())?.[1];
  assert.ok(id);
  const resumed = startChat(t, gw, ['--resume', id, '-m', 'p/gpt-4o'], dir);
  await resumed.waitFor(new RegExp(`following ${id}[^]*› $`));
  const answer = await resumed.say('do you?');
  assert.match(answer, new RegExp(`Turn 2 of this conversation, after ${id}`));
  resumed.type('\u0004');
  assert.equal((await resumed.exited).code, 0);
  assert.equal(bodyOf(gw, 1).previous_response_id, id);
});

test('line editing as in a shell: Ctrl-A/E move, Ctrl-W drops a word, Ctrl-U the line; stdout not a terminal gets plain text', { skip, timeout: TIMEOUT }, async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const cli = startInTerminal(`${cliCommand(['chat', '-m', 'p/gpt-4o'])} | cat`, { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: dir, TFY_LLM_HISTORY: 'off' });
  t.after(() => cli.child.kill('SIGKILL'));
  const screen = () => plain(cli.stdout());
  await cli.waitForStdout(() => /› $/.test(screen()));
  // Ctrl-U drops the whole line; "abc", Ctrl-A, "X", Ctrl-E, " one two", Ctrl-W, "Y".
  cli.child.stdin?.write('gone\u0015abc\u0001X\u0005 one two\u0017Y\r');
  await cli.waitForStdout(() => /> Xabc one Y\n/.test(screen()));
  cli.child.stdin?.write('\u0004');
  assert.equal((await cli.exited).code, 0);
  assert.equal(bodyOf(gw, 0).input, 'Xabc one Y');
  // The answer went through the pipe as create prints it there: the Markdown as written, no footer.
  assert.match(screen(), /\*\*Hello from the demo gateway\.\*\*\n/);
  assert.doesNotMatch(screen(), FOOTER);
  // TFY_LLM_HISTORY=off: nothing kept for ↑ either.
  assert.ok(!existsSync(join(dir, 'chat-history.jsonl')));
});

test('a refused key is one error line and the session goes on', { skip, timeout: TIMEOUT }, async (t) => {
  const gw = await withGateway(t);
  const chat = startChat(t, gw, ['-m', 'p/gpt-4o'], tempDir(t), { TFY_API_KEY: 'tfy-wrong-key' });
  await chat.waitFor(/› $/);
  chat.type('hi\r');
  await chat.waitFor(/error: Invalid API key \(HTTP 401\)[^\n]*\nhint: [^\n]*\n[^]*› $/);
  chat.type('again\r');
  await chat.waitFor(/error: Invalid API key[^]*› $/);
  chat.type('\u0004');
  assert.equal((await chat.exited).code, 0);
  assert.equal(posts(gw).length, 2);
});

test('Ctrl-C while waiting for the first byte (the spinner) stops that request too', { skip, timeout: TIMEOUT }, async (t) => {
  const gw = await withGateway(t, { slowMs: 120_000 });
  const chat = startChat(t, gw, ['-m', 'p/slow'], tempDir(t));
  await chat.waitFor(/› $/);
  chat.type('hello?\r');
  await chat.waitFor(/waiting for p\/slow/);
  chat.type('\u0003');
  await chat.waitFor(/\(stopped: this answer is not part of the conversation\)\n[^]*› $/);
  chat.type('/exit\r');
  assert.equal((await chat.exited).code, 0);
  assert.doesNotMatch(chat.screen(), /--resume/, 'no response was made, so there is nothing to resume');
});
