import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { resolveApiKey } from '../src/config/api-key.ts';
import { ConfigError } from '../src/errors/errors.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, spawnCli, tempDir } from './helpers/run-cli.ts';

/** A profile whose key comes from `command`, against a fresh gateway. */
async function withKeyCommand(t: TestContext, command: string) {
  const gw = await withGateway(t);
  const dir = join(tempDir(t), 'cfg');
  const env = { TFY_LLM_CONFIG_DIR: dir };
  const added = await runCli(['config', 'add', 'dev', '--base-url', gw.url, '--api-key-command', command, '--model', 'p/m'], { env });
  assert.equal(added.code, 0, added.stderr);
  return { gw, dir, env };
}

test('api-key-command runs only when a request needs the key, and its stdout is the key', async (t) => {
  const marker = join(tempDir(t), 'ran');
  const { gw, env } = await withKeyCommand(t, `echo run >> ${marker}; echo ${KEY}`);
  // Nothing that sends no request runs it: showing, listing, a usage error before sending.
  for (const argv of [['config', 'show'], ['config', 'list'], ['config', 'get', 'api-key-command'], ['create']]) {
    await runCli(argv, { env });
  }
  assert.equal(existsSync(marker), false, 'the command ran without a request');
  const result = await runCli(['create', 'hi'], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(readFileSync(marker, 'utf8'), 'run\n');
  assert.equal(gw.requests[0]?.headers.authorization, `Bearer ${KEY}`);
  // config show names the command; it does not run it.
  const shown = await runCli(['config', 'show'], { env });
  assert.match(shown.stdout, /api-key +\(from api-key-command: echo run >> .*\) +profile dev/);
  assert.equal(readFileSync(marker, 'utf8'), 'run\n');
});

test('api-key-command failing: exit 3 with the first line of its stderr, never the key, nothing sent', async (t) => {
  const { gw, env } = await withKeyCommand(t, `echo ${KEY}; echo "vault: permission denied for ${KEY}" >&2; echo "second line" >&2; exit 7`);
  const result = await runCli(['create', 'hi'], { env });
  assert.equal(result.code, 3);
  assert.equal(result.stderr.split('\n')[0], 'error: api-key-command failed: vault: permission denied for tfy-…-key');
  assert.match(result.stderr, /\nhint: check the command with: tfy-llm config get api-key-command/);
  assert.ok(!result.stderr.includes(KEY) && !result.stdout.includes(KEY));
  assert.doesNotMatch(result.stderr, /second line/);
  assert.equal(gw.requests.length, 0);
});

test('api-key-command printing nothing, or not a key: exit 3, nothing sent', async (t) => {
  for (const [command, message] of [
    ['true', /api-key-command printed no key/],
    ['echo "two words"', /printed a line with spaces or control characters/],
    ['exit 4', /api-key-command failed \(exit 4\)/],
  ] as const) {
    const { gw, env } = await withKeyCommand(t, command);
    const result = await runCli(['create', 'hi'], { env });
    assert.equal(result.code, 3, command);
    assert.match(result.stderr, message);
    assert.equal(gw.requests.length, 0);
  }
});

test('the first line of the output is the key (as `pass` prints it), and the command cannot read our stdin', async (t) => {
  // `cat` would print the piped prompt first if the command shared our stdin.
  const { gw, env } = await withKeyCommand(t, `cat; echo ${KEY}; echo "login: me"; echo "url: https://example.invalid"`);
  const result = await spawnCli(['create'], { env, input: 'the prompt on stdin' });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(gw.requests[0]?.headers.authorization, `Bearer ${KEY}`);
  assert.equal((gw.requests[0]?.body as { input: string }).input, 'the prompt on stdin');
});

test('api-key-command that hangs is stopped after the timeout', async () => {
  await assert.rejects(resolveApiKey({ kind: 'command', command: 'sleep 30' }, { timeoutMs: 200 }), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.exitCode, 3);
    assert.equal(err.message, 'api-key-command timed out after 0.2s');
    return true;
  });
  assert.equal(await resolveApiKey({ kind: 'value', key: 'k' }), 'k');
});
