// kill -9 at any moment of a batch run never leaves a duplicate or a torn line: the built binary is
// killed at 20 random moments of a 2,000-line job and resumed each time. The moments are chosen by
// progress, not by the clock (a fast machine finished the job before a timed kill came): a few land in
// start-up, the rest once the gateway has answered a random number of further lines.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { BIN, scratchConfigDir, tempDir } from './helpers/run-cli.ts';

/** When to kill: after some milliseconds, or once `served()` has reached a count. */
type KillAt = { afterMs: number } | { served: () => number; atLeast: number };

function runBatch(argv: string[], env: Record<string, string>, killAt?: KillAt): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: 'ignore' });
    const kill = () => child.kill('SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    if (killAt !== undefined && 'afterMs' in killAt) timer = setTimeout(kill, killAt.afterMs);
    else if (killAt !== undefined) {
      timer = setInterval(() => {
        if (killAt.served() >= killAt.atLeast) {
          clearInterval(timer);
          kill();
        }
      }, 1);
    }
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(timer);
      resolve(code);
    });
  });
}

test('SIGKILL at 20 random moments of a 2,000-line job, resumed each time: every custom_id exactly once, every line whole', async (t) => {
  const gw = await withGateway(t, { latencyMs: 2, record: false });
  const dir = tempDir(t);
  const input = join(dir, 'prompts.jsonl');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, Array.from({ length: 2000 }, (_, i) => JSON.stringify({ custom_id: `id-${i}`, prompt: `prompt ${i}` })).join('\n'));
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: 'tfy-demo-key', TFY_LLM_MODEL: 'my-openai/gpt-4o', TFY_LLM_CONFIG_DIR: scratchConfigDir() };
  const argv = ['batch', 'run', input, '-o', out, '-j', '16'];
  let killed = 0;
  for (let i = 0; i < 20; i += 1) {
    // Every fourth run dies in start-up (reading the config, checking the file, reading what is done);
    // the others once 1 to 60 more lines have been answered, so the kill lands while answers are being
    // written. 20 × 60 lines at most leaves 800 for the last run: no run can finish before its kill.
    const killAt: KillAt =
      i % 4 === 0 ? { afterMs: Math.floor(Math.random() * 60) } : { served: () => gw.load.served, atLeast: gw.load.served + 1 + Math.floor(Math.random() * 60) };
    const code = await runBatch(argv, env, killAt);
    if (code === null) killed += 1;
  }
  assert.equal(killed, 20, `only ${killed} of 20 runs were killed before they finished`);
  assert.ok(gw.load.served < 2000, 'the killed runs between them sent every line');
  const code = await runBatch(argv, env);
  assert.equal(code, 0);
  const text = readFileSync(out, 'utf8');
  assert.ok(text.endsWith('\n'));
  const ids = text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { custom_id: string; error: unknown }).custom_id);
  assert.equal(ids.length, 2000);
  assert.equal(new Set(ids).size, 2000);
});

test('the built binary through a 429 storm: it waits out every Retry-After (nothing lets the process end early) and writes every line', async (t) => {
  const gw = await withGateway(t, { maxConcurrent: 2, loadRetryAfterSeconds: 0.05, latencyMs: 5 });
  const dir = tempDir(t);
  const input = join(dir, 'p.txt');
  const out = join(dir, 'out.jsonl');
  writeFileSync(input, Array.from({ length: 40 }, (_, i) => `prompt ${i}`).join('\n'));
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: 'tfy-demo-key', TFY_LLM_MODEL: 'my-openai/gpt-4o', TFY_LLM_CONFIG_DIR: scratchConfigDir() };
  // No client retries: a rate-limited line comes straight back to the queue, and the run has only the pause to wait on.
  const code = await runBatch(['batch', 'run', input, '-o', out, '-j', '8', '--max-retries', '0'], env);
  assert.equal(code, 0);
  assert.ok(gw.load.rejected > 0);
  const rows = readFileSync(out, 'utf8').trimEnd().split('\n');
  assert.equal(rows.length, 40);
  assert.ok(rows.every((row) => (JSON.parse(row) as { error: unknown }).error === null));
});
