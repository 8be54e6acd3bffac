// The history file on its own: append-only events, reading backwards, folding, privacy, corruption.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  appendEvent,
  clearHistory,
  createEvent,
  historyEnabled,
  promptPreview,
  safeBaseURL,
  statusEvent,
  type HistoryEntry,
} from '../src/history/store.ts';
import { findById, findLast, linesBackwards, listEntries } from '../src/history/read.ts';
import { tempDir } from './helpers/run-cli.ts';

export function entry(id: string, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    time: '2025-01-02T03:04:05.000Z',
    profile: null,
    base_url: 'http://127.0.0.1:1/api/llm',
    provider: 'p',
    model: 'p/m',
    status: 'completed',
    stored: true,
    prompt: `prompt of ${id}`,
    ...extra,
  };
}

const noCorrupt = () => assert.fail('no line should be corrupt');

test('lines read backwards in small chunks are the lines of the file, last first, multibyte text intact', async (t) => {
  const path = join(tempDir(t), 'lines.jsonl');
  const lines = ['first', '', 'ünïcødé ✓ across a chunk edge', 'x', 'a somewhat longer line than the chunk size', 'last'];
  writeFileSync(path, `${lines.join('\n')}\n`);
  for (const chunk of [1, 3, 7, 64, 65536]) {
    const seen: string[] = [];
    for await (const line of linesBackwards(path, chunk)) seen.push(line);
    assert.deepEqual(seen, lines.filter((line) => line !== '').reverse(), `chunk ${chunk}`);
  }
  // No trailing newline: the last line still counts. A missing file has no lines.
  writeFileSync(path, 'a\nb');
  const seen: string[] = [];
  for await (const line of linesBackwards(path, 2)) seen.push(line);
  assert.deepEqual(seen, ['b', 'a']);
  for await (const line of linesBackwards(`${path}.missing`)) assert.fail(line);
});

test('appended events fold: newest first, each with its newest status; deleted ones are not "last"', async (t) => {
  const dir = join(tempDir(t), 'new', 'folder');
  const path = join(dir, 'history.jsonl');
  await appendEvent(path, createEvent(entry('resp_1', { profile: 'a' })));
  await appendEvent(path, createEvent(entry('resp_2', { profile: 'b', status: 'queued' })));
  await appendEvent(path, createEvent(entry('resp_3', { profile: 'a' })));
  await appendEvent(path, statusEvent('resp_2', 'in_progress', 0));
  await appendEvent(path, statusEvent('resp_2', 'completed', 1));
  await appendEvent(path, statusEvent('resp_3', 'deleted', 2));

  // Private: the file 0600, the folder it made 0700.
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);

  const all = await listEntries(path, 10, noCorrupt);
  assert.deepEqual(all.map((e) => [e.id, e.status]), [['resp_3', 'deleted'], ['resp_2', 'completed'], ['resp_1', 'completed']]);
  assert.deepEqual((await listEntries(path, 1, noCorrupt)).map((e) => e.id), ['resp_3']);
  assert.deepEqual((await listEntries(path, 10, noCorrupt, 'a')).map((e) => e.id), ['resp_3', 'resp_1']);
  assert.equal((await findLast(path, 'a', noCorrupt))?.id, 'resp_1', 'resp_3 was deleted');
  assert.equal((await findLast(path, 'b', noCorrupt))?.id, 'resp_2');
  assert.equal(await findLast(path, null, noCorrupt), undefined);
  assert.equal((await findById(path, 'resp_2', noCorrupt))?.provider, 'p');
  assert.equal(await findById(path, 'resp_9', noCorrupt), undefined);
  // Every line is one whole JSON event.
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 6);
  for (const line of lines) assert.equal((JSON.parse(line) as { v: number }).v, 1);
});

test('a response made with store: false is never "last": the gateway has nothing to continue from', async (t) => {
  const path = join(tempDir(t), 'history.jsonl');
  await appendEvent(path, createEvent(entry('resp_kept')));
  await appendEvent(path, createEvent(entry('resp_unstored', { stored: false })));
  assert.equal((await findLast(path, null, noCorrupt))?.id, 'resp_kept');
});

test('a corrupt line is skipped and reported; the lines around it still count', async (t) => {
  const path = join(tempDir(t), 'history.jsonl');
  await appendEvent(path, createEvent(entry('resp_old')));
  writeFileSync(path, '{"v":1,"event":"create","id":"resp_torn\nnot json at all\n[1,2]\n', { flag: 'a' });
  await appendEvent(path, createEvent(entry('resp_new')));
  const corrupt: string[] = [];
  const entries = await listEntries(path, 10, (line) => corrupt.push(line));
  assert.deepEqual(entries.map((e) => e.id), ['resp_new', 'resp_old']);
  assert.equal(corrupt.length, 3);
});

test('an event appended onto a torn line (a write cut short) is still found', async (t) => {
  const path = join(tempDir(t), 'history.jsonl');
  await appendEvent(path, createEvent(entry('resp_before')));
  writeFileSync(path, '{"v":1,"event":"create","id":"resp_torn","ti', { flag: 'a' });
  await appendEvent(path, createEvent(entry('resp_after')));
  const corrupt: string[] = [];
  assert.deepEqual((await listEntries(path, 10, (line) => corrupt.push(line))).map((e) => e.id), ['resp_after', 'resp_before']);
  assert.equal(corrupt.length, 1);
  assert.equal((await findById(path, 'resp_after', () => undefined))?.id, 'resp_after');
});

test('lookups stop at what they need: garbage far back is never read for a recent "last"', async (t) => {
  const path = join(tempDir(t), 'history.jsonl');
  writeFileSync(path, `${'garbage line\n'.repeat(20_000)}`);
  for (let i = 0; i < 50; i++) await appendEvent(path, createEvent(entry(`resp_${i}`)));
  // 260 kB of garbage before the entries: any read of it would call onCorrupt.
  assert.equal((await findLast(path, null, noCorrupt))?.id, 'resp_49');
  assert.equal((await findById(path, 'resp_10', noCorrupt))?.id, 'resp_10');
});

test('history clear empties the file in place; clearing nothing is fine', async (t) => {
  const path = join(tempDir(t), 'history.jsonl');
  assert.equal(await clearHistory(path), false);
  await appendEvent(path, createEvent(entry('resp_1')));
  assert.equal(await clearHistory(path), true);
  assert.equal(readFileSync(path, 'utf8'), '');
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('recording is off with TFY_LLM_HISTORY=off or the global setting', () => {
  assert.equal(historyEnabled({}, undefined), true);
  for (const value of ['off', 'OFF', '0', 'false']) assert.equal(historyEnabled({ TFY_LLM_HISTORY: value }, undefined), false);
  const reader = (history: string | undefined) => ({ activeName: () => undefined, read: () => undefined, globalSetting: (name: string) => (name === 'history' ? history : undefined) });
  assert.equal(historyEnabled({}, reader('off')), false);
  assert.equal(historyEnabled({}, reader('on')), true);
  assert.equal(historyEnabled({}, { activeName: () => undefined, read: () => undefined }), true, 'a store without global settings');
});

test('what is stored is short and holds no secret: a one-line preview, a base URL without credentials', () => {
  const key = 'tfy-secret-key-123456789';
  const preview = promptPreview(`please\n\nuse ${key} and then ${'word '.repeat(40)}`, [key]);
  assert.ok(!preview.includes(key));
  assert.ok(preview.length <= 80);
  assert.ok(preview.endsWith('…'));
  assert.doesNotMatch(preview, /\n/);
  assert.equal(safeBaseURL('https://user:pass@gw.example/api/llm/?token=abc#x'), 'https://gw.example/api/llm');
  assert.equal(safeBaseURL('http://127.0.0.1:4010/v1'), 'http://127.0.0.1:4010/v1');
});
