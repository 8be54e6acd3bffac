// The live terminal rendering of a streamed answer: where blocks end, how many rows they take,
// and what the writer sends to the terminal as deltas arrive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { LiveMarkdown } from '../src/output/live-markdown.ts';
import { findBlockEnd, newScan, screenRows, tallSplit } from '../src/output/markdown-blocks.ts';

test('a block ends at a complete blank line, never inside a code fence', () => {
  assert.equal(findBlockEnd('a paragraph'), undefined);
  assert.equal(findBlockEnd('a paragraph\n'), undefined, 'one newline may still be a soft break');
  assert.equal(findBlockEnd('a paragraph\n\n'.slice(0, -1) + '  '), undefined, 'the blank line is not finished yet');
  assert.deepEqual(findBlockEnd('one\ntwo\n\nthree'), { end: 7, next: 9 });
  assert.deepEqual(findBlockEnd('one\n   \nthree'), { end: 3, next: 8 }, 'a line of spaces is blank');
  const fenced = '```js\nconst a = 1;\n\nconst b = 2;\n```\n\nafter';
  const cut = findBlockEnd(fenced);
  assert.equal(fenced.slice(0, cut?.end), '```js\nconst a = 1;\n\nconst b = 2;\n```');
  assert.equal(fenced.slice(cut?.next), 'after');
  assert.equal(findBlockEnd('```\nopen fence\n\nstill code'), undefined);
  assert.equal(findBlockEnd('~~~~\ncode\n```\n\nstill code'), undefined, 'a fence closes only with its own marker');
  assert.equal(findBlockEnd('\n\n'), undefined, 'blank lines alone are no block');
});

test('a list goes on across a blank line when what follows is indented or another item', () => {
  const list = '1. Install:\n\n   ```sh\n   npm i\n   ```\n\n2. Run it\n\nDone.';
  assert.equal(findBlockEnd('1. one\n\n'), undefined, 'the next line decides');
  assert.equal(findBlockEnd('1. one\n\n  '), undefined, 'spaces alone decide nothing yet');
  assert.equal(findBlockEnd('1. one\n\n1'), undefined, 'nor a number that may become an item');
  const cut = findBlockEnd(list);
  assert.equal(list.slice(0, cut?.end), '1. Install:\n\n   ```sh\n   npm i\n   ```\n\n2. Run it');
  assert.deepEqual(findBlockEnd('Para\n\n   indented'), { end: 4, next: 6 }, 'a paragraph ends at its blank line');
});

test('block ends are found the same when the scan resumes on a grown text', () => {
  const text = '- a\n- b\n\n  more of b\n\nNext paragraph\n\nlast';
  const scan = newScan();
  let cut;
  for (let i = 1; i <= text.length && !cut; i++) cut = findBlockEnd(text.slice(0, i), scan);
  assert.deepEqual(cut, findBlockEnd(text));
});

test('a block taller than the screen is cut where both parts render as they would together', () => {
  assert.deepEqual(tallSplit('', '```py\na = 1\nb = 2\nc')?.at, 18, 'a code block between complete lines');
  const code = tallSplit('', '```py\na = 1\nb')!;
  assert.equal(code.close, '```', 'the committed part is closed to render');
  assert.equal(code.carry?.('```py\na = 1\n'), '```py\na = 1\n', 'the rest keeps the fence and the code before it');
  assert.equal(code.skip('```py\na = 1\n'), 2, 'whose rendered rows (the rule, one line) are on screen already');
  const table = tallSplit('', '| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5')!;
  assert.equal(table.carry?.(''), '| a | b |\n|---|---|\n', 'the rest of a table repeats its head');
  assert.equal(tallSplit('', '- one\n  - nested\n- two\n  - nested')?.at, 17, 'a list before its last top-level item');
  assert.equal(tallSplit('', 'Title\n=====')?.at, undefined, 'never before a heading underline');
  assert.equal(tallSplit('', 'intro\n```js\nx\ny')?.at, 6, 'never inside a fence that opens within');
  assert.equal(tallSplit('', 'one long line only'), undefined);
});

test('rows count wrapped and wide lines; the cursor ends on the last row', () => {
  assert.equal(screenRows('', 80, stringWidth), 1);
  assert.equal(screenRows('abc', 80, stringWidth), 1);
  assert.equal(screenRows('a'.repeat(80), 80, stringWidth), 1, 'a full row does not wrap by itself');
  assert.equal(screenRows('a'.repeat(81), 80, stringWidth), 2);
  assert.equal(screenRows('one\ntwo\n', 80, stringWidth), 3, 'after a newline the cursor is on a fresh row');
  assert.equal(screenRows('日本語'.repeat(10), 40, stringWidth), 2, 'wide characters take two columns');
});

/** A terminal stand-in that records each write. */
function screen(columns = 80, rows = 24) {
  const writes: string[] = [];
  return { writes, out: { write: (chunk: string) => writes.push(chunk) > 0, isTTY: true, columns, rows } };
}
const render = (markdown: string): string => `<${markdown}>\n\n`;

test('deltas show at once, raw; a finished block is erased and redrawn rendered', () => {
  const { writes, out } = screen();
  const live = new LiveMarkdown(out, render);
  live.write('**Hello** from');
  assert.deepEqual(writes, ['**Hello** from'], 'the first delta is on screen before the block is done');
  live.write(' the gateway.\n');
  live.write('\nSecond ');
  // The raw rows of the first block (two: its line and the fresh one after \n) are erased, then redrawn.
  assert.deepEqual(writes.slice(1), [' the gateway.\n', '\u001B[1A\r\u001B[J<**Hello** from the gateway.>\n', '\n', 'Second ']);
  live.write('paragraph');
  live.end();
  assert.equal(writes.at(-1), '\r\u001B[J<Second paragraph>\n');
});

test('control characters from the model never reach the terminal', () => {
  const { writes, out } = screen();
  const live = new LiveMarkdown(out, render);
  live.write('safe\u001B]0;title\u0007 text\tend');
  assert.equal(writes.join(''), 'safe]0;title text    end');
});

test('a single line taller than the screen stays raw (nothing to cut it at); an abandoned block stays as it was', () => {
  const { writes, out } = screen(10, 3);
  const live = new LiveMarkdown(out, render);
  live.write('x'.repeat(35));
  live.write('\n\nnext');
  assert.deepEqual(writes, ['x'.repeat(35), '\n', '\n', 'next']);
  live.abandon();
  assert.equal(writes.at(-1), '\n', 'the cursor moves to a fresh line for what follows');
});

test('a taller block is committed rendered in parts as it arrives', () => {
  const { writes, out } = screen(20, 4);
  const live = new LiveMarkdown(out, render);
  for (const line of ['- one\n', '- two\n', '- three\n', '- four\n', '- five']) live.write(line);
  live.end();
  // At four rows (the third line and the fresh row after it), the items before the last one are committed.
  assert.deepEqual(writes, ['- one\n', '- two\n', '\u001B[2A\r\u001B[J<- one\n- two\n>\n', '- three\n', '- four\n', '- five', '\u001B[2A\r\u001B[J<- three\n- four\n- five>\n']);
});

test('however the answer is split into deltas, the final screen shows every block rendered once', async () => {
  const { Screen } = await import('./helpers/screen.ts');
  const blocks = [
    '**Bold** start of a paragraph long enough to wrap across more than one row of this narrow screen.',
    '```sh\necho one\n\necho two\n```',
    '- a **list**\n- of items',
    'The end, no newline',
  ];
  const answer = blocks.join('\n\n');
  // Rendering changes the width (no asterisks), so rows must be counted right to redraw in place.
  const upper = (markdown: string): string => `${markdown.replace(/\*\*/g, '').toUpperCase()}\n\n`;
  const expected = new Screen(30);
  expected.write(blocks.map((block) => upper(block).trimEnd()).join('\n\n'));
  for (let size = 1; size <= answer.length; size += 7) {
    const screen = new Screen(30);
    const live = new LiveMarkdown(screen, upper);
    for (let at = 0; at < answer.length; at += size) live.write(answer.slice(at, at + size));
    live.end();
    assert.equal(screen.text(), expected.text(), `deltas of ${size}`);
  }
});
