// `tfy-llm chat` without a terminal: messages from a pipe, answers as create prints them in a pipe,
// and the checks that refuse a chat before its first turn.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir } from './helpers/run-cli.ts';

const posts = (gw: FakeGateway) => gw.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/responses'));
const bodies = (gw: FakeGateway) => posts(gw).map((r) => r.body as Record<string, unknown>);

function setup(t: Parameters<typeof tempDir>[0], gw: FakeGateway) {
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_MODEL: 'p/gpt-4o', TFY_LLM_CONFIG_DIR: tempDir(t) };
  return (argv: string[], stdin: string) => runCli(['chat', ...argv], { env, stdin });
}

test('a pipe: one message per line, each answer as create prints it in a pipe, each turn following the last', async (t) => {
  const gw = await withGateway(t);
  const chat = setup(t, gw);
  const result = await chat(['-s', 'be brief', 'first'], 'second\r\n\nthird\n');
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.doesNotMatch(result.stdout, /\u001B/);
  const answers = result.stdout.split('**Hello from the demo gateway.**\n').slice(1);
  assert.equal(answers.length, 3);
  assert.match(answers[2] ?? '', /Turn 3 of this conversation, after `resp_\w+`\.\n\n> third\n$/);
  const sent = bodies(gw);
  assert.deepEqual(sent.map((b) => b.input), ['first', 'second', 'third']);
  assert.deepEqual(sent.map((b) => b.instructions), ['be brief', 'be brief', 'be brief']);
  const ids = [...gw.responses('p').keys()];
  assert.deepEqual(sent.map((b) => b.previous_response_id), [undefined, ids[0], ids[1]]);
});

test('-0: messages separated by NUL may hold line breaks; // sends a message starting with /', async (t) => {
  const gw = await withGateway(t);
  const result = await setup(t, gw)(['-0'], 'two\nlines\0//etc/hosts is a file\0');
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(bodies(gw).map((b) => b.input), ['two\nlines', '/etc/hosts is a file']);
});

test('slash commands work in a pipe too: /system, /new, /model, /image', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const png = join(dir, 'shot.png');
  writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  const result = await setup(t, gw)([], `a\n/system talk like a pirate\nb\n/new\n/image ${png}\nc\n/model q/gpt-4o\nd\n`);
  assert.equal(result.code, 0, result.stderr);
  const sent = bodies(gw);
  assert.equal(sent.length, 4);
  assert.deepEqual(sent.map((b) => b.instructions), [undefined, 'talk like a pirate', 'talk like a pirate', 'talk like a pirate']);
  assert.equal(sent[1]?.previous_response_id, [...gw.responses('p').keys()][0]);
  assert.equal(sent[2]?.previous_response_id, undefined);
  const content = (sent[2]?.input as { content: { type: string }[] }[])[0]?.content;
  assert.deepEqual(content?.map((part) => part.type), ['input_text', 'input_image']);
  assert.equal(sent[3]?.model, 'q/gpt-4o');
  assert.equal(posts(gw)[3]?.headers['x-tfy-provider-name'], 'q');
  assert.match(result.stderr, /provider q cannot see the conversation kept by p: starting a new thread/);
});

test('in a pipe, a failed turn ends the chat with its exit code: later messages were meant for its answer', async (t) => {
  const gw = await withGateway(t);
  const result = await setup(t, gw)(['-m', 'p/always-500', '--max-retries', '0'], 'a\nb\n');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error: .*HTTP 500/m);
  assert.equal(posts(gw).length, 1);
  const bad = await setup(t, gw)([], '/image nope.png\nb\n');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: --image nope\.png: /m);
  assert.equal(posts(gw).length, 1);
});

test('--resume and --continue follow on from a stored response; create --continue follows the chat', async (t) => {
  const gw = await withGateway(t);
  const chat = setup(t, gw);
  assert.equal((await chat([], 'one\n')).code, 0);
  const [first] = [...gw.responses('p').keys()];
  assert.equal((await chat(['--continue'], 'two\n')).code, 0);
  assert.equal(bodies(gw)[1]?.previous_response_id, first);
  assert.equal((await chat(['--resume', first ?? ''], 'three\n')).code, 0);
  assert.equal(bodies(gw)[2]?.previous_response_id, first);
  const other = await chat(['--resume', first ?? '', '-m', 'q/gpt-4o'], 'four\n');
  assert.equal(other.code, 2);
  assert.match(other.stderr, /was made through provider p, but this chat would go through q, which cannot see it/);
  assert.equal(posts(gw).length, 3);
});

test('refused before anything is sent: --json, --dry-run, --no-store (exit 2); no gateway configured (exit 3)', async (t) => {
  const gw = await withGateway(t);
  const chat = setup(t, gw);
  for (const [flag, message] of [
    ['--json', /^error: tfy-llm chat does not take --json\n/],
    ['--dry-run', /^error: tfy-llm chat does not take --dry-run\n/],
    ['--no-store', /a chat follows on from stored responses \(previous_response_id\): --no-store cannot work/],
  ] as const) {
    const result = await chat([flag], 'hi\n');
    assert.equal(result.code, 2, flag);
    assert.match(result.stderr, message);
    assert.match(result.stderr, /^hint: /m);
  }
  const both = await chat(['-c', '--resume', 'resp_1', '-t', '9'], 'hi\n');
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--temperature must be between 0 and 2 \(got 9\); --continue and --resume both name the response to follow; give one/);
  const bad = await chat(['-i', 'nope.png'], 'hi\n');
  assert.equal(bad.code, 2);
  assert.equal(posts(gw).length, 0);
  const unconfigured = await runCli(['chat'], { env: { TFY_LLM_CONFIG_DIR: tempDir(t) }, stdin: 'hi\n' });
  assert.equal(unconfigured.code, 3);
  assert.match(unconfigured.stderr, /^error: no gateway base URL is configured/);
});

test('the common flags hold for every turn: -H, --tfy-metadata, --metadata, -t; --text and --no-color are taken', async (t) => {
  const gw = await withGateway(t);
  const result = await setup(t, gw)(['-H', 'X-Team: search', '--tfy-metadata', 'env=dev', '--metadata', 'run=7', '-t', '0.5', '--text', '--no-color'], 'a\nb\n');
  assert.equal(result.code, 0, result.stderr);
  assert.equal(posts(gw).length, 2);
  for (const request of posts(gw)) {
    assert.equal(request.headers['x-team'], 'search');
    assert.deepEqual(JSON.parse(request.headers['x-tfy-metadata'] ?? '{}'), { env: 'dev' });
    const body = request.body as Record<string, unknown>;
    assert.deepEqual(body.metadata, { run: '7' });
    assert.equal(body.temperature, 0.5);
  }
});

test('TAB completes command names, then models after /model and paths after /image, /file and /save', async (t) => {
  const { chatCompleter } = await import('../src/chat/completer.ts');
  const dir = tempDir(t);
  writeFileSync(join(dir, 'shot.png'), '');
  writeFileSync(join(dir, 'notes.md'), '');
  const complete = chatCompleter(() => ['p/gpt-4o', 'p/gpt-4o-mini', 'q/other', 'p/gpt-4o'], dir);
  assert.deepEqual(complete('/mo'), [['/model '], '/mo']);
  assert.deepEqual(complete('/s'), [['/system', '/save'], '/s']);
  assert.deepEqual(complete('/model p/'), [['p/gpt-4o', 'p/gpt-4o-mini'], 'p/']);
  assert.deepEqual(complete('/image sh'), [['shot.png'], 'sh']);
  assert.deepEqual(complete('/save n'), [['notes.md'], 'n']);
  assert.deepEqual(complete('hello'), [[], 'hello']);
});

test('/save writes the thread as Markdown; a resumed thread\'s earlier turns are fetched from the gateway', async (t) => {
  const gw = await withGateway(t);
  const chat = setup(t, gw);
  const dir = tempDir(t);
  assert.equal((await chat(['-s', 'be brief'], 'one\ntwo\n')).code, 0);
  const file = join(dir, 'chat.md');
  const saved = await chat(['--continue', '-s', 'be brief'], `three\n/save ${file}\n`);
  assert.equal(saved.code, 0, saved.stderr);
  assert.match(saved.stderr, /saved 3 turns to .*chat\.md/);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^# Chat, \d{4}-\d\d-\d\d \d\d:\d\d UTC\n\n\*\*Instructions:\*\* be brief\n\n## You\n\none\n\n## p\/gpt-4o \(`resp_\w+`\)\n\n\*\*Hello/);
  assert.deepEqual([...text.matchAll(/^## You\n\n(.+)$/gm)].map((m) => m[1]), ['one', 'two', 'three']);
  assert.doesNotMatch(text, /continues/);
});
