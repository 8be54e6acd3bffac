// fileSink: the lines of one event-loop turn go out in one write (a write per line cost a fast batch more
// CPU than its own work), whole lines only, and close() writes what is still waiting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileSink } from '../src/batch/output-file.ts';
import { tempDir } from './helpers/run-cli.ts';

test('lines of one turn are written together at its end; close() writes the rest', async (t) => {
  const path = join(tempDir(t), 'out.jsonl');
  const sink = fileSink(path, () => 0);
  sink.write('{"a":1}\n');
  sink.write('{"b":2}\n');
  assert.equal(readFileSync(path, 'utf8'), '', 'not yet: one write at the end of the turn');
  await nextTurn();
  assert.equal(readFileSync(path, 'utf8'), '{"a":1}\n{"b":2}\n');
  sink.write('{"c":3}\n');
  sink.close();
  assert.equal(readFileSync(path, 'utf8'), '{"a":1}\n{"b":2}\n{"c":3}\n');
});
