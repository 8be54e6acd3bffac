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
