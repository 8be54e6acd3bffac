// The shell examples in a Markdown document, so a test can run every one of them.
//
// The convention (also written in README.md, under Development):
// - ```sh (or bash, shell) blocks: every line that is not blank and not a comment is a command;
//   a line ending in `\` goes on with the next.
// - ```console blocks: lines starting with `$ ` are commands; the lines under one are output the command
//   must print (in that order, among others), `…` standing for any text.
// - A command exits 0 unless it ends with a comment saying otherwise: `# exit 3`.
// - A block right after `<!-- not run: <reason> -->` is skipped (a real gateway, a terminal, a registry).
// - A `## ` section's blocks run in one shell, in order, and the config and history carry over from
//   one section to the next: the README is read top to bottom in one terminal.

export interface Example {
  /** The command as written, continuation lines included. */
  command: string;
  /** 1-based line of the command in the document. */
  line: number;
  exitCode: number;
  /** Lines the output must contain, in order (console blocks). */
  output: string[];
}

export interface Block {
  line: number;
  /** The `## ` section it is in: a reader runs a section's blocks in one shell, in order. */
  section: string;
  lang: string;
  /** The reason given in a `<!-- not run: … -->` marker. */
  skip: string | undefined;
  examples: Example[];
}

const SHELLS = new Set(['sh', 'bash', 'shell', 'console']);
const SKIP = /^<!--\s*not run:\s*(.*\S)\s*-->$/;
const EXIT = /\s#\s*exit\s+(\d+)\b/;

/** Every fenced shell block of the document, in order, with its commands. */
export function shellBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^##\s+(.*\S)/.exec(lines[i] ?? '');
    if (heading) section = heading[1] ?? '';
    const open = /^(\s*)(`{3,})(\w*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', lang = ''] = open;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && (lines[i] ?? '').trim() !== fence; i++) body.push((lines[i] ?? '').slice(indent.length));
    if (!SHELLS.has(lang)) continue;
    let before = start - 1;
    while (before >= 0 && (lines[before] ?? '').trim() === '') before--;
    const skip = SKIP.exec((lines[before] ?? '').trim())?.[1];
    const examples = lang === 'console' ? consoleExamples(body, start + 2) : shExamples(body, start + 2);
    blocks.push({ line: start + 1, section, lang, skip, examples });
  }
  return blocks;
}

function shExamples(body: string[], firstLine: number): Example[] {
  const examples: Example[] = [];
  for (let i = 0; i < body.length; i++) {
    const text = body[i] ?? '';
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const line = firstLine + i;
    const parts = [text];
    while ((parts.at(-1) ?? '').endsWith('\\') && i + 1 < body.length) parts.push(body[++i] ?? '');
    examples.push(example(parts.join('\n'), line));
  }
  return examples;
}

function consoleExamples(body: string[], firstLine: number): Example[] {
  const examples: Example[] = [];
  for (let i = 0; i < body.length; i++) {
    const text = body[i] ?? '';
    if (text.startsWith('$ ')) {
      const line = firstLine + i;
      const parts = [text.slice(2)];
      while ((parts.at(-1) ?? '').endsWith('\\') && i + 1 < body.length) parts.push((body[++i] ?? '').replace(/^> /, ''));
      examples.push(example(parts.join('\n'), line));
    } else if (text.trim() !== '') {
      const last = examples.at(-1);
      if (!last) throw new Error(`line ${firstLine + i}: output before any "$ " command`);
      last.output.push(text.trimEnd());
    }
  }
  return examples;
}

function example(command: string, line: number): Example {
  return { command, line, exitCode: Number(EXIT.exec(command)?.[1] ?? 0), output: [] };
}

/** Whether `actual` holds every `expected` line, in order; `…` in an expected line matches any text. */
export function missingOutput(expected: string[], actual: string): string | undefined {
  const lines = actual.split('\n').map((l) => l.trimEnd());
  let at = 0;
  for (const want of expected) {
    const pattern = new RegExp(`^${want.split('…').map(escape).join('.*')}$`);
    while (at < lines.length && !pattern.test(lines[at] ?? '')) at++;
    if (at === lines.length) return want;
    at++;
  }
  return undefined;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
