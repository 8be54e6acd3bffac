// `config init` in a real pseudo-terminal (util-linux `script`), driven by keystrokes like a person.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { BIN, KEY, tempDir } from './helpers/run-cli.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;

test('config init in a pseudo-terminal: the key is typed masked and never echoed; the model is picked by searching the list', { skip: !hasScript && 'util-linux script is not installed' }, async (t) => {
  const gw = await withGateway(t);
  const dir = join(tempDir(t), 'cfg');
  const command = `'${process.execPath}' '${BIN}' config init dev`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', TFY_LLM_CONFIG_DIR: dir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  t.after(() => child.kill());
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));

  // Each answer is typed only once its question is on the screen, as a person would.
  const DOWN = '\x1b[B';
  const steps: [RegExp, string][] = [
    [/Gateway/, `${DOWN}${DOWN}\r`], // the third choice: another OpenAI-compatible URL
    [/base URL/, `${gw.url}\r`],
    [/\? .*API key/, '\r'], // paste it
    [/API key \(input hidden\)/, `${KEY}\r`],
    [/Connect to the gateway now/, 'y\r'],
    // The searchable picker of the gateway's models: typing narrows it, Enter takes the first left.
    [/Default model \(\d+ listed; type to search\)/, 'claude'],
    [/my-anthropic\/claude-3-5-haiku/, ' haiku'],
    [/claude haiku/, '\r'],
  ];
  let seen = 0;
  for (const [question, keys] of steps) {
    await until(() => question.test(plain(screen.slice(seen))), () => `waiting for ${question} in ${JSON.stringify(plain(screen.slice(seen)))}`);
    seen = screen.length;
    child.stdin.write(keys);
  }
  assert.equal(await closed, 0, screen);

  assert.ok(!screen.includes(KEY), 'the key was echoed to the terminal');
  assert.match(plain(screen), /API key \(input hidden\) \*{12}\n/); // one * per typed character
  assert.match(plain(screen), /✓ provider routing: provider my-anthropic answered my-anthropic\/claude-3-5-haiku/);
  assert.match(plain(screen), /saved profile "dev", key tfy-…-key in .*; it is now active/);
  const path = join(dir, 'config.json');
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).profiles.dev, { 'base-url': gw.url, 'api-key': KEY, provider: 'my-anthropic', model: 'my-anthropic/claude-3-5-haiku' });
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(gw.requests.at(-1)?.headers.authorization, `Bearer ${KEY}`);
});

/** The screen's text without colours and cursor moves. */
function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** Polls (bounded) until `ready()`; the bound is a safety net, not a timing assertion. */
async function until(ready: () => boolean, describe: () => string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(describe());
}
