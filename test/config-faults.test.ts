// After a writer was killed mid-write (SIGKILL: nothing of it ran): the next write says that it waits
// for the stale lock instead of hanging silently, and the temporary file it left (keys and all) goes.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from './helpers/run-cli.ts';

const SECRET = 'tfy-left-behind-0123456789';

function killedWriter(dir: string): { lock: string; temporary: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ active: 'dev', profiles: { dev: { 'base-url': 'https://gw.example/api/llm' } } }), { mode: 0o600 });
  // proper-lockfile's lock is a folder beside the file; a killed holder stops refreshing its time.
  const lock = join(dir, 'config.json.lock');
  mkdirSync(lock);
  // 7 s old: stale (taken over) about 3 s from now, so the next write must wait, and not for long.
  const old = new Date(Date.now() - 7_000);
  utimesSync(lock, old, old);
  // conf's atomic write: `<file>.tmp-<10 digits><6 hex>`, written just before the rename that never came.
  const temporary = join(dir, 'config.json.tmp-1764561234a1b2c3');
  writeFileSync(temporary, JSON.stringify({ profiles: { dev: { 'api-key': SECRET } } }), { mode: 0o600 });
  return { lock, temporary };
}

test('config set after a killed writer: one line says it waits for the lock, then the change is made and the stale temporary file removed', async (t) => {
  const dir = join(tempDir(t), 'cfg');
  const { lock, temporary } = killedWriter(dir);
  const r = await runCli(['config', 'set', 'model', 'gpt-4o'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`^waiting for the lock on ${join(dir, 'config.json')}: another tfy-llm is changing it, or one was killed while it did`, 'm'));
  assert.match(r.stderr, /^set model of profile "dev"$/m);
  assert.equal(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).profiles.dev.model, 'gpt-4o');
  assert.equal(existsSync(temporary), false, 'the temporary file with the key is gone');
  assert.equal(existsSync(lock), false);
  assert.deepEqual(readdirSync(dir).sort(), ['config.json']);
});

test('sibling: config add with only a leftover temporary file (no lock) removes it and says nothing about waiting', async (t) => {
  const dir = join(tempDir(t), 'cfg');
  const { lock, temporary } = killedWriter(dir);
  const { rmSync } = await import('node:fs');
  rmSync(lock, { recursive: true });
  // Another file that merely looks alike is not ours to remove.
  writeFileSync(join(dir, 'config.json.tmp-notes'), 'mine');
  const r = await runCli(['config', 'add', 'prod', '--base-url', 'https://gw.example/api/llm'], { env: { TFY_LLM_CONFIG_DIR: dir } });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /waiting/);
  assert.equal(existsSync(temporary), false);
  assert.deepEqual(readdirSync(dir).sort(), ['config.json', 'config.json.tmp-notes']);
});
