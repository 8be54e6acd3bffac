// Colour is off (NO_COLOR) so any escape code in the output would be one that came from outside.
// Strings from outside (stored prompts, server messages, ids, file names) reach a terminal only
// through forTerminal: no escape sequence or control byte from them gets through (issue 14).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir, type RunResult } from './helpers/run-cli.ts';

const EVIL = 'look\u001B]0;pwned\u0007 here\u0000\u001A\u009B2J';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

const clean = (r: RunResult, where: string): void => {
  assert.ok(!CONTROL.test(r.stdout), `${where}: stdout ${JSON.stringify(r.stdout)}`);
  assert.ok(!CONTROL.test(r.stderr), `${where}: stderr ${JSON.stringify(r.stderr)}`);
};

/** Answers every request with `status` and `body`, and an id header with a control sequence in it. */
async function server(t: TestContext, status: number, body: unknown): Promise<string> {
  const srv = createServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_\u009b8mhidden' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => srv.close(() => resolve())));
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/llm`;
}

test('input-items shows a stored prompt holding ESC ] … BEL without the sequence, on a terminal and in a pipe', async (t) => {
  const gw = await withGateway(t);
  const env = { TFY_API_KEY: KEY, TFY_LLM_BASE_URL: gw.url, TFY_LLM_MODEL: 'my-openai/gpt-4o', TFY_LLM_CONFIG_DIR: tempDir(t), NO_COLOR: '1' };
  assert.equal((await runCli(['create', EVIL], { env })).code, 0);
  for (const stdoutTTY of [true, false]) {
    const r = await runCli(['input-items', 'last'], { env, stdoutTTY });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /user: look\]0;pwned here2J/);
    clean(r, `input-items (tty ${stdoutTTY})`);
    // Sibling: the history's listing of the same stored prompt.
    const history = await runCli(['history'], { env, stdoutTTY });
    assert.match(history.stdout, /look\]0;pw/);
    clean(history, `history (tty ${stdoutTTY})`);
  }
  // --json stays the API's own data: JSON escapes the bytes, so they are still there for scripts.
  assert.match((await runCli(['input-items', 'last', '--json'], { env })).stdout, /\\u001b\]0;pwned\\u0007/);
});

test('sibling: a server error message, request id and --verbose lines carry no control sequence', async (t) => {
  const url = await server(t, 400, { error: { message: `bad request ${EVIL}`, type: 'invalid' } });
  for (const argv of [['create', 'hi', '-m', 'p/m'], ['create', 'hi', '-m', 'p/m', '--verbose', '--max-retries', '0'], ['delete', 'resp_a', 'resp_b', '--provider', 'p'], ['doctor', '-m', 'p/m']]) {
    const r = await runCli(argv, { env: { TFY_API_KEY: KEY, TFY_LLM_BASE_URL: url, NO_COLOR: '1' }, stderrTTY: true, stdoutTTY: true });
    assert.notEqual(r.code, 0);
    assert.match(`${r.stdout}${r.stderr}`, /bad request look\]0;pwned here/);
    clean(r, argv.join(' '));
  }
});

test('sibling: a background answer whose id and status hold escape codes prints them cleaned', async (t) => {
  const url = await server(t, 200, { id: 'resp_\u001b]2;x\u0007evil', object: 'response', status: 'queued\u001b[2J', output: [] });
  const r = await runCli(['create', 'hi', '-m', 'p/m', '--background'], { env: { TFY_API_KEY: KEY, TFY_LLM_BASE_URL: url, TFY_LLM_HISTORY: 'off', NO_COLOR: '1' }, stdoutTTY: true, stderrTTY: true });
  // An id with control characters is not an id (it is never stored or shown as one); the status is cleaned.
  assert.match(r.stdout, /^\(no id\) queued\[2J$/m);
  clean(r, 'create --background');
});

test('sibling: a file name with a control character in an error message is cleaned', async (t) => {
  const dir = tempDir(t);
  const name = join(dir, 'shot\u001b]0;x\u0007.png');
  writeFileSync(name, 'not an image');
  const r = await runCli(['create', 'describe', '-i', name, '-m', 'p/m'], { env: { TFY_API_KEY: KEY, TFY_LLM_BASE_URL: 'http://127.0.0.1:1/api/llm', NO_COLOR: '1' }, stderrTTY: true });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /shot\]0;x\.png/);
  clean(r, 'create -i');
});
