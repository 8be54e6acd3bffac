// Bracketed paste, parsed from terminal input however the reads cut it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PasteParser } from '../src/chat/paste.ts';

test('keys and pasted blocks are told apart, with markers cut across reads and CR line breaks', () => {
  const whole = 'ab\u001B[200~one\rtwo\r\n\u001B[201~c\u001B[A';
  // Every way of cutting the input in two gives the same segments.
  for (let cut = 0; cut <= whole.length; cut++) {
    const parser = new PasteParser();
    const segments = [...parser.push(whole.slice(0, cut)), ...parser.push(whole.slice(cut))];
    const keys = segments.filter((s) => s.kind === 'keys').map((s) => s.text).join('');
    const pastes = segments.filter((s) => s.kind === 'paste').map((s) => s.text);
    assert.equal(keys, 'abc\u001B[A', `cut at ${cut}`);
    assert.deepEqual(pastes, ['one\ntwo\n'], `cut at ${cut}`);
  }
});

test('an escape sequence that only starts like a marker is passed on as keys', () => {
  const parser = new PasteParser();
  assert.deepEqual(parser.push('\u001B[2'), []);
  assert.deepEqual(parser.push('~x'), [{ kind: 'keys', text: '\u001B[2~x' }]);
});
