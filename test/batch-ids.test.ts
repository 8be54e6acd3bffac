// custom_ids checked for duplicates by a compact index (src/batch/id-index.ts): 64-bit hashes and line
// numbers in typed arrays, with any two ids of the same hash compared again from the file, so only a
// real duplicate is reported, however the hashes fall.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hashId, IdIndex, LineSet } from '../src/batch/id-index.ts';
import { checkInput } from '../src/batch/input-check.ts';
import { tempDir } from './helpers/run-cli.ts';

test('IdIndex: the lines of an id seen before, none for a new one, through many growths', () => {
  const index = new IdIndex();
  for (let line = 1; line <= 100_000; line++) assert.deepEqual(index.add(`req-${line}`, line), [], `req-${line}`);
  assert.equal(index.size, 100_000);
  assert.deepEqual(index.find('req-77'), [77]);
  assert.deepEqual(index.add('req-77', 100_001), [77]);
  assert.deepEqual(index.find('req-77'), [77, 100_001]);
  assert.deepEqual(index.find('req-0'), []);
  // Ids that differ by one character, or only in order, hash apart.
  assert.notDeepEqual(hashId('ab'), hashId('ba'));
  assert.notDeepEqual(hashId('req-1'), hashId('req-1 '));
});

test('LineSet: a bit per line, growing', () => {
  const lines = new LineSet();
  for (const n of [1, 8, 9, 200_000]) lines.add(n);
  assert.deepEqual([1, 2, 8, 9, 10, 199_999, 200_000, 300_000].map((n) => lines.has(n)), [true, false, true, true, false, false, true, false]);
});

test('duplicates: only real ones are reported, even when every id has the same hash', async (t) => {
  const path = join(tempDir(t), 'in.jsonl');
  writeFileSync(path, [
    '{"prompt": "p", "custom_id": "a"}',
    '{"prompt": "p", "custom_id": "b"}',
    '{"prompt": "p", "custom_id": "a"}',
    '{"prompt": "p"}',
    '{"prompt": "p", "custom_id": "line-4"}',
    '{"prompt": "p", "custom_id": "line-7"}',
    '{"prompt": "p"}',
    '{"prompt": "p", "custom_id": "b"}',
    '{"prompt": "p", "custom_id": "c"}',
  ].join('\n'));
  const collide = () => [1, 1] as const;
  for (const hash of [undefined, collide]) {
    const checked = await checkInput(path, undefined, async () => {}, hash);
    assert.equal(checked.count, 9);
    assert.deepEqual(checked.problems.map((p) => `${p.line}: ${p.message}`), [
      '3: custom_id "a" is also on line 1',
      '5: custom_id "line-4" is also on line 4',
      '7: custom_id "line-7" is also on line 6',
      '8: custom_id "b" is also on line 2',
    ], hash === undefined ? 'the real hash' : 'every id on one hash');
  }
});

test('duplicates: the first line with the id is named, even when the table wrapped and grew between them', async (t) => {
  const path = join(tempDir(t), 'in.jsonl');
  const lines = ['{"prompt":"p","custom_id":"X"}', '{"prompt":"p","custom_id":"X"}'];
  for (let i = 0; i < 600; i++) lines.push(`{"prompt":"p","custom_id":"u${i}"}`);
  lines.push('{"prompt":"p","custom_id":"X"}');
  writeFileSync(path, `${lines.join('\n')}\n`);
  // X's home is the last slot of the first table (1024 slots): its copies wrap to slot 0, and move on growth.
  const hash = (id: string) => (id === 'X' ? ([0, 1023] as const) : hashId(id));
  const checked = await checkInput(path, undefined, async () => {}, hash);
  assert.deepEqual(checked.problems.map((p) => `${p.line}: ${p.message}`), ['2: custom_id "X" is also on line 1', '603: custom_id "X" is also on line 1']);
});

test('duplicates: an own id like line-02 is not line 2\'s assigned line-2', async (t) => {
  const path = join(tempDir(t), 'in.jsonl');
  writeFileSync(path, ['{"prompt":"p","custom_id":"a"}', '{"prompt":"p"}', '{"prompt":"p","custom_id":"line-02"}', '{"prompt":"p","custom_id":"line-2"}'].join('\n'));
  const checked = await checkInput(path, undefined, async () => {});
  assert.deepEqual(checked.problems.map((p) => `${p.line}: ${p.message}`), ['4: custom_id "line-2" is also on line 2']);
});
