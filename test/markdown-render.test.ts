// The terminal Markdown renderer on a corpus of realistic answers (test/fixtures/markdown/*.md), each rendered at
// 40, 80 and 120 columns into a real terminal emulator (and, for its styles, as written at 80) and compared with
// its reviewed snapshot
// (test/fixtures/markdown/snapshots/; UPDATE_SNAPSHOTS=1 rewrites them), plus what must hold for every answer
// at every width: no line wider than the terminal (but a code line or a URL longer than the width, which the
// terminal wraps and a copy joins back), no `**` or backtick left outside code, and a code block's lines copied
// from the screen give the code, byte for byte.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import { Lexer } from 'marked';
import stringWidth from 'string-width';
import { expandTabs } from '../src/markdown/code-block.ts';
import { loadMarkdown } from '../src/output/markdown.ts';
import { Terminal } from './helpers/terminal.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'markdown');
const SNAPSHOTS = join(DIR, 'snapshots');
const WIDTHS = [40, 80, 120];
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();
const markdown = await loadMarkdown(new Chalk({ level: 3 }), {});
await markdown.loadHighlighter();

/** The code of every code block in `source`, line by line, as the screen must show it. */
function codeBlocks(source: string): string[][] {
  const blocks: string[][] = [];
  const walk = (tokens: unknown): void => {
    if (!Array.isArray(tokens)) return;
    for (const token of tokens as Record<string, unknown>[]) {
      if (token['type'] === 'code') blocks.push(String(token['text']).split('\n').map((line) => expandTabs(line).trimEnd()));
      walk(token['tokens']);
      walk(token['items']);
    }
  };
  walk(new Lexer({ gfm: true }).lex(source));
  return blocks;
}

async function rendered(source: string, width: number): Promise<Terminal> {
  const terminal = new Terminal(width);
  terminal.write(`${markdown.render(source, width)}\n`);
  return terminal;
}

test('the corpus has at least 30 answers', () => {
  assert.ok(fixtures.length >= 30, `${fixtures.length} fixtures`);
});

for (const fixture of fixtures) {
  test(`renders ${fixture} as reviewed, within the width, markers gone, code exact`, async () => {
    const source = readFileSync(join(DIR, fixture), 'utf8');
    const code = codeBlocks(source);
    const codeLines = new Set(code.flat());
    let snapshot = '';
    for (const width of WIDTHS) {
      const terminal = await rendered(source, width);
      snapshot += `=== ${width} columns ===\n${await terminal.text()}\n`;
      const logical = (await terminal.logicalLines()).map((line) => line.trimEnd());
      for (const line of logical) {
        if (codeLines.has(line)) continue;
        if (stringWidth(line) > width) {
          assert.ok(line.split(' ').some((word) => stringWidth(word) > width && /https?:\/\//.test(word)), `${width}: a line wider than the screen: ${line}`);
        }
        assert.ok(!line.includes('**'), `${width}: ** left in: ${line}`);
        assert.ok(!line.includes('`'), `${width}: a backtick left in: ${line}`);
      }
      for (const block of code) {
        const at = logical.indexOf(block[0] ?? '');
        assert.ok(at >= 0, `${width}: the code block starting ${JSON.stringify(block[0])} is on screen`);
        assert.deepEqual(logical.slice(at, at + block.length), block, `${width}: the code block is copied exactly`);
      }
    }
    // The styles too, at 80 columns: each escape sequence shown as ␛.
    snapshot += `=== 80 columns, as written (styles) ===\n${markdown.render(source, 80).replace(/\u001B/g, '␛')}\n`;
    const file = join(SNAPSHOTS, fixture.replace(/\.md$/, '.txt'));
    if (process.env['UPDATE_SNAPSHOTS'] === '1' || !existsSync(file)) {
      mkdirSync(SNAPSHOTS, { recursive: true });
      writeFileSync(file, snapshot);
    }
    assert.equal(snapshot, readFileSync(file, 'utf8'), `the snapshot ${file} (UPDATE_SNAPSHOTS=1 rewrites it after review)`);
  });
}

test('wrapping: hanging indents, wide characters, closing punctuation, URLs whole', async () => {
  const plain = await loadMarkdown(new Chalk({ level: 0 }), {});
  // (20 columns is the least the renderer lays out for.)
  assert.equal(plain.render('- one two three four five six seven', 20), '• one two three four\n  five six seven');
  assert.equal(plain.render('1. one two three four five six', 20), '1. one two three\n   four five six');
  const cjk = plain.render('あいうえおかきくけこさしすせそ。たちつてと', 20).split('\n');
  assert.ok(cjk.every((line) => stringWidth(line) <= 20 && !line.startsWith('。')), cjk.join('\n'));
  const url = 'https://example.com/a/very/long/path/that/goes/on/and/on';
  const lines = plain.render(`see ${url} now`, 20).split('\n');
  assert.deepEqual(lines, ['see', url, 'now'], 'the URL is on a line of its own, whole');
});

test('tables: alignment honoured, and a table too wide for any narrowing becomes records', async () => {
  const plain = await loadMarkdown(new Chalk({ level: 0 }), {});
  const table = '| name | n | mid |\n|:--|--:|:-:|\n| a | 1 | x |\n| bbbb | 100 | yyy |';
  assert.equal(plain.render(table, 40), 'name │   n │ mid\n─────┼─────┼────\na    │   1 │  x\nbbbb │ 100 │ yyy');
  const wide = `| a | b |\n|---|---|\n| https://example.com/${'x'.repeat(30)} | https://example.com/${'y'.repeat(30)} |`;
  assert.equal(plain.render(wide, 40), `a:\nhttps://example.com/${'x'.repeat(30)}\nb:\nhttps://example.com/${'y'.repeat(30)}`);
});

test('a tab in code is written as a tab (a Makefile copied from a terminal that keeps tabs still works)', async () => {
  const plain = await loadMarkdown(new Chalk({ level: 0 }), {});
  assert.equal(plain.render('```makefile\nbuild:\n\tnpm run build\n```', 40).split('\n')[2], '\tnpm run build');
});
