// The renderer live: an answer streamed in any split of deltas ends on the same screen as the whole answer
// rendered at once (--no-stream); a block taller than the screen is rendered in parts instead of staying raw;
// an answer the renderer cannot handle is shown as plain text; links, colour and control characters.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import { supportsHyperlinks } from '../src/markdown/hyperlinks.ts';
import { LiveMarkdown } from '../src/output/live-markdown.ts';
import { loadMarkdown, tooDeep, type Markdown } from '../src/output/markdown.ts';
import { readdirSync } from 'node:fs';
import { Terminal } from './helpers/terminal.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'markdown');
const fixture = (name: string): string => readFileSync(join(DIR, name), 'utf8');
const colour = await loadMarkdown(new Chalk({ level: 3 }), {});
await colour.loadHighlighter();

/** A fixed-seed generator (mulberry32), so random splits are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function splits(text: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const k of [1, 2, 5, 64]) {
    const parts: string[] = [];
    for (let at = 0; at < text.length; at += k) parts.push(text.slice(at, at + k));
    out.push([`every ${k}`, parts]);
  }
  for (let seed = 1; seed <= 3; seed++) {
    const next = random(seed);
    const parts: string[] = [];
    for (let at = 0; at < text.length; ) {
      const size = 1 + Math.floor(next() * 40);
      parts.push(text.slice(at, at + size));
      at += size;
    }
    out.push([`random seed ${seed}`, parts]);
  }
  return out;
}

async function whole(markdown: Markdown, text: string, columns: number, rows = 1000): Promise<string> {
  const terminal = new Terminal(columns, rows);
  terminal.write(`${markdown.render(text, columns)}\n`);
  return terminal.text();
}

async function streamed(markdown: Markdown, parts: readonly string[], columns: number, rows = 1000): Promise<Terminal> {
  const terminal = new Terminal(columns, rows);
  const live = new LiveMarkdown(terminal, markdown.render);
  for (const part of parts) live.write(part);
  live.end();
  return terminal;
}

for (const name of ['01-bullets-bold-code.md', '04-python-code.md', '08-table-aligned.md', '12-blockquote.md', '15-task-list.md', '20-mixed-everything.md', '24-code-in-list.md', '30-loose-list.md']) {
  test(`${name}: every split into deltas ends on the screen --no-stream shows`, async () => {
    const text = fixture(name);
    for (const columns of [40, 80]) {
      const expected = await whole(colour, text, columns);
      for (const [how, parts] of splits(text)) {
        assert.equal(await (await streamed(colour, parts, columns)).text(), expected, `${columns} columns, ${how}`);
      }
    }
  });
}

test('a code block or a list taller than the screen is rendered as it arrives, as it would be all at once', async () => {
  const code = Array.from({ length: 60 }, (_, i) => `print("line ${i}")  # **not bold** in code`).join('\n');
  const items = Array.from({ length: 50 }, (_, i) => `- item **${i}** with \`code\``).join('\n');
  for (const text of [`\`\`\`python\n${code}\n\`\`\``, items, `Intro\n\n${items}\n\nAfter.`]) {
    for (const [how, parts] of [['by line', text.split(/(?<=\n)/)], ...splits(text).slice(1, 4)] as [string, string[]][]) {
      const terminal = await streamed(colour, parts, 60, 12);
      assert.equal(await terminal.text(), await whole(colour, text, 60), `${text.slice(0, 12)}… ${how}`);
    }
  }
});

test('a tall table and a tall paragraph are rendered in parts: nothing stays raw', async () => {
  const table = `| n | square |\n|---|---:|\n${Array.from({ length: 40 }, (_, i) => `| **${i}** | ${i * i} |`).join('\n')}`;
  const paragraph = Array.from({ length: 40 }, (_, i) => `line ${i} with **bold** and \`code\``).join('\n');
  for (const text of [table, paragraph]) {
    const terminal = await streamed(colour, text.split(/(?<=\n)/), 50, 10);
    const screen = await terminal.text();
    assert.ok(!screen.includes('**') && !screen.includes('`') && !screen.includes('|---'), screen);
    for (let i = 0; i < 40; i++) assert.match(screen, new RegExp(`\\b${i}\\b`), `row ${i} is on screen`);
  }
});

test('an answer the renderer cannot handle (2000 nested quotes, a 2000-deep list) is shown as text', async () => {
  const quotes = `${'>'.repeat(2000)} the deep end`;
  const list = Array.from({ length: 2000 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
  const ordered = Array.from({ length: 2000 }, (_, i) => `${'   '.repeat(i)}1. step ${i}`).join('\n');
  for (const [text, last] of [[quotes, 'the deep end'], [list, 'item 1999'], [ordered, 'step 1999']] as const) {
    const rendered = colour.render(text, 80);
    assert.ok(rendered.includes(last), `${last} is shown`);
    const parts: string[] = [];
    for (let at = 0; at < text.length; at += 4096) parts.push(text.slice(at, at + 4096));
    const terminal = await streamed(colour, parts, 80);
    assert.ok((await terminal.logicalLines()).join('\n').includes(last), `${last} is shown when streamed`);
  }
});

test('nesting no answer needs is not given to marked (it overflows, or takes seconds): the corpus is not that deep', () => {
  assert.equal(tooDeep(`${'> '.repeat(31)}x`), true);
  assert.equal(tooDeep(`${'> '.repeat(30)}x`), false);
  assert.equal(tooDeep(`${' '.repeat(101)}- x`), true);
  assert.equal(tooDeep(`\`\`\`\n${' '.repeat(120)}x\n\`\`\``), false, 'deep indentation of code is fine');
  for (const name of readdirSync(DIR).filter((f) => f.endsWith('.md'))) assert.equal(tooDeep(fixture(name)), false, name);
});

test('a renderer that throws still leaves the answer on screen, as written', async () => {
  const terminal = new Terminal(40);
  const live = new LiveMarkdown(terminal, () => {
    throw new RangeError('Maximum call stack size exceeded');
  });
  live.write('**first** block\n\nsecond');
  live.end();
  assert.equal(await terminal.text(), '**first** block\n\nsecond');
});

test('links: an OSC 8 hyperlink where the terminal supports it, else the address in dim after the text', async () => {
  const text = 'See [the docs](https://example.com/docs), [paypal.com](https://evil.example/login), [run](javascript:alert(1)) and https://example.com/bare.';
  const linked = await loadMarkdown(new Chalk({ level: 3 }), { FORCE_HYPERLINK: '1' });
  const out = linked.render(text, 200);
  assert.ok(out.includes('\u001B]8;;https://example.com/docs\u001B\\'), 'the text is a hyperlink');
  assert.ok(!out.includes('(https://example.com/docs)'), 'whose address is not repeated');
  assert.ok(out.includes('(https://evil.example/login)'), 'a text naming another host shows the real address');
  assert.ok(!out.includes('\u001B]8;;javascript:'), 'only web and mail addresses become hyperlinks');
  assert.ok(out.includes('\u001B]8;;https://example.com/bare\u001B\\'), 'a bare URL is a hyperlink too');
  const plain = await whole(colour, text, 200);
  assert.equal(plain, 'See the docs (https://example.com/docs), paypal.com (https://evil.example/login), run (javascript:alert(1)) and https://example.com/bare.');
  assert.ok(!colour.render(text, 200).includes('\u001B]8;'), 'no hyperlinks unless the terminal is known to support them');
});

test('hyperlink support is decided from the environment', () => {
  assert.equal(supportsHyperlinks({ FORCE_HYPERLINK: '1' }, false), true);
  assert.equal(supportsHyperlinks({ FORCE_HYPERLINK: '0', TERM_PROGRAM: 'WezTerm' }, true), false);
  assert.equal(supportsHyperlinks({ TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.4.19' }, true), true);
  assert.equal(supportsHyperlinks({ TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.0.0' }, true), false);
  assert.equal(supportsHyperlinks({ VTE_VERSION: '7600' }, true), true);
  assert.equal(supportsHyperlinks({ VTE_VERSION: '4800' }, true), false);
  assert.equal(supportsHyperlinks({ WT_SESSION: 'x' }, true), true);
  assert.equal(supportsHyperlinks({ WT_SESSION: 'x' }, false), false, 'no colour, no escapes');
  assert.equal(supportsHyperlinks({ WT_SESSION: 'x', TMUX: '/tmp/tmux' }, true), false);
  assert.equal(supportsHyperlinks({ TERM: 'xterm-256color' }, true), false);
});

test('without colour: no escape at all, and the marks that carry meaning stay', async () => {
  const plain = await loadMarkdown(new Chalk({ level: 0 }), {});
  await plain.loadHighlighter();
  const out = plain.render(fixture('20-mixed-everything.md'), 80);
  assert.ok(!out.includes('\u001B'), out);
  assert.match(out, /^# Comparing HTTP clients$/m);
  assert.match(out, /^## Options$/m);
  assert.match(out, /^│ Tip: set a timeout/m);
  assert.match(out, /^── js ─+$/m);
  assert.equal(plain.render('It is ~~red~~ **blue**.', 80), 'It is ~~red~~ blue.', 'struck-out text keeps its marks');
});

test('control characters from the model are removed, also when an entity spells them', async () => {
  const plain = await loadMarkdown(new Chalk({ level: 0 }), {});
  const text = 'title\u001B]0;pwned\u0007 and &#27;[2J here\u009B\n\n```\ncode\u001B[31m red\n```\n\n- item \u0007bell';
  const out = plain.render(text, 80);
  assert.ok(!/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(out), JSON.stringify(out));
  assert.match(out, /title\]0;pwned and \[2J here/);
});

test('code is highlighted only once the highlighter is loaded, and by its fence language only', async () => {
  const fresh = await loadMarkdown(new Chalk({ level: 3 }), {});
  const text = '```python\nimport os\n```\n\n```nosuchlanguage\nimport os\n```';
  const before = fresh.render(text, 40);
  assert.ok(before.includes('\nimport os\n'), 'plain before');
  await fresh.loadHighlighter();
  const after = fresh.render(text, 40).split('\n');
  assert.equal(after[1], '\u001B[35mimport\u001B[39m os', 'python highlighted');
  assert.equal(after[5], 'import os', 'an unknown language stays plain');
});

test('the built CLI on a real terminal: a list item with bold and code renders, streamed and not', async (t) => {
  const { withGateway } = await import('./helpers/fake-gateway.ts');
  const { cliCommand, startInTerminal } = await import('./helpers/child-cli.ts');
  const { KEY } = await import('./helpers/run-cli.ts');
  const gw = await withGateway(t);
  // The demo gateway quotes the prompt: `> - **bold** item with `code``, a list item inside a quote.
  for (const mode of ['--stream', '--no-stream']) {
    const cli = startInTerminal(cliCommand(['create', '-m', 'p/gpt-4o', mode, '--', '- **bold** item with `code`']), { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY });
    cli.child.stdin?.end();
    const { code } = await cli.exited;
    assert.equal(code, 0, cli.stdout());
    const terminal = new Terminal(80, 24);
    terminal.write(cli.stdout());
    const screen = await terminal.text();
    assert.match(screen, /^│ • bold item with code$/m, `${mode}: ${screen}`);
    assert.ok(!screen.includes('**') && !screen.includes('`'), `${mode}: ${screen}`);
  }
});
