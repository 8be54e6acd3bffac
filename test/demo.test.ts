import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { BIN, KEY, spawnCli } from './helpers/run-cli.ts';

test('tfy-llm demo answers through the local demo gateway and shows the stored response id', async () => {
  // Ambient settings must not leak into the demo: a bogus key and base URL in the environment are ignored.
  const result = await spawnCli(['demo'], { env: { TFY_API_KEY: 'tfy-users-real-key-0000', TFY_LLM_BASE_URL: 'http://127.0.0.1:1/nowhere' } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Hello from the demo gateway/);
  assert.match(result.stdout, /^response id: resp_[0-9a-f]{24} \(status: completed\)$/m);
  assert.match(result.stderr, /demo gateway listening on http:\/\/127\.0\.0\.1:\d+\/api\/llm/);
  assert.ok(!result.stdout.includes('tfy-users-real-key') && !result.stderr.includes('tfy-users-real-key'));
});

test('tfy-llm demo --serve keeps the gateway up for other commands, logs requests without keys, stops on Ctrl-C', async () => {
  const child = spawn(process.execPath, [BIN, 'demo', '--serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [first] = (await once(child.stdout, 'data')) as [Buffer];
  const url = /^demo gateway listening on (http:\/\/127\.0\.0\.1:\d+\/api\/llm)\n$/.exec(first.toString())?.[1];
  assert.ok(url, first.toString());
  const created = await spawnCli(['create', 'hi', '-m', 'demo/gpt-4o'], { env: { TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY } });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /Hello from the demo gateway/);
  child.kill('SIGINT');
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
  const logLines = stderr.split('\n').filter((line) => line.startsWith('POST '));
  assert.deepEqual(logLines.map((l) => l.replace(/\d+ms/, 'Nms')), ['POST /api/llm/responses 200 Nms provider=demo model=demo/gpt-4o']);
  assert.ok(!logLines.join('\n').includes(KEY));
});

test('a bad --port is a usage error', async () => {
  const result = await spawnCli(['demo', '--port', 'http']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: --port must be a number from 0 to 65535/);
});

test('demo --serve on a busy port: one error line and a --port hint, no bare "listen EADDRINUSE"', async (t) => {
  const { createServer } = await import('node:net');
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  t.after(() => busy.close());
  const port = (busy.address() as { port: number }).port;
  // A PATH without a linked tfy-llm, as after the quick start.
  const env = { PATH: `${(await import('node:path')).dirname(process.execPath)}:/usr/bin:/bin` };
  const result = await spawnCli(['demo', '--serve', '--port', String(port)], { env });
  assert.equal(result.code, 1);
  assert.equal(result.stderr, `error: port ${port} on 127.0.0.1 is already in use (another demo gateway, or another program)\nhint: pick another port: npx tfy-llm demo --serve --port ${port + 1} (or --port 0 for any free one)\n`);
  // Sibling: the one-shot demo on a busy port says the same, with its own command.
  const once = await spawnCli(['demo', '--port', String(port)], { env });
  assert.equal(once.code, 1);
  assert.match(once.stderr, new RegExp(`^hint: pick another port: npx tfy-llm demo --port ${port + 1} `, 'm'));
});

test('the demo suggests a command that works: npx tfy-llm when tfy-llm is not on PATH, tfy-llm when it is', async (t) => {
  const { mkdtempSync, symlinkSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join, dirname } = await import('node:path');
  const bare = `${dirname(process.execPath)}:/usr/bin:/bin`;
  const plain = await spawnCli(['demo'], { env: { PATH: bare } });
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stderr, /keep this one running with: npx tfy-llm demo --serve\n$/);
  const bin = mkdtempSync(join(tmpdir(), 'tfy-llm-path-'));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  symlinkSync(BIN, join(bin, 'tfy-llm'));
  const linked = await spawnCli(['demo'], { env: { PATH: `${bin}:${bare}` } });
  assert.match(linked.stderr, /keep this one running with: tfy-llm demo --serve\n$/);
});
