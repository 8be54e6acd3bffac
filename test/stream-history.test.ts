import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir } from './helpers/run-cli.ts';

test('a streamed create is recorded in the history with its final status, like a plain one', async (t) => {
  const gw = await withGateway(t);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: tempDir(t) };
  const streamed = await runCli(['create', 'streamed prompt', '-m', 'p-stream/gpt-4o', '--stream'], { env });
  assert.equal(streamed.code, 0, streamed.stderr);
  assert.equal(gw.requests[0]?.body && (gw.requests[0].body as { stream?: boolean }).stream, true);
  const incomplete = await runCli(['create', 'cut short', '-m', 'p-stream/incomplete', '--stream'], { env });
  assert.equal(incomplete.code, 0, incomplete.stderr);

  const history = await runCli(['history', '--json'], { env });
  const entries = JSON.parse(history.stdout) as { id: string; provider: string; status: string; prompt: string }[];
  assert.deepEqual(entries.map((e) => [e.prompt, e.provider, e.status]), [
    ['cut short', 'p-stream', 'incomplete'],
    ['streamed prompt', 'p-stream', 'completed'],
  ]);
  // The recorded id is the stored response's, so `last` reaches it.
  const ids = [...gw.responses('p-stream').keys()];
  assert.ok(entries.every((e) => ids.includes(e.id)));
  const retrieved = await runCli(['retrieve', 'last', '--json'], { env });
  assert.equal((JSON.parse(retrieved.stdout) as { id: string }).id, entries[0]?.id);
});

test('a background create is not streamed by default, even on a terminal', async (t) => {
  const gw = await withGateway(t);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: tempDir(t) };
  const result = await runCli(['create', 'long job', '-m', 'p/gpt-4o', '--background'], { env, stdoutTTY: true });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((gw.requests[0]?.body as { stream?: boolean }).stream, undefined);
  assert.match(result.stdout, /^resp_[0-9a-f]+ queued\n$/);
});
