// Markdown → terminal text with marked + marked-terminal, loaded only when a terminal needs it.
import type { ChalkInstance } from 'chalk';
import { forTerminal } from '../terminal/safe-text.ts';

export type RenderMarkdown = (markdown: string) => string;

const identity = (text: string): string => text;

/** Styles from our own chalk, so colour stays the one decision made from NO_COLOR, FORCE_COLOR, --no-color and TTY. */
function styles(chalk: ChalkInstance): Record<string, unknown> {
  return {
    code: chalk.yellow,
    codespan: chalk.yellow,
    // marked-terminal indents a quote by four spaces; a bar keeps it a quote without colour too.
    blockquote: (text: string) => chalk.gray.italic(text.replace(/^ {4}/gm, '│ ')),
    html: chalk.gray,
    heading: chalk.green.bold,
    firstHeading: chalk.magenta.underline.bold,
    hr: identity,
    listitem: identity,
    table: identity,
    paragraph: identity,
    strong: chalk.bold,
    em: chalk.italic,
    del: chalk.dim.gray.strikethrough,
    link: chalk.blue,
    href: chalk.blue.underline,
    // `:word:` is ordinary text in a model's answer (times, paths), not an emoji code.
    emoji: false,
    tableOptions: { style: { head: [], border: [] } },
  };
}

export async function loadMarkdown(chalk: ChalkInstance): Promise<RenderMarkdown> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const marked = new Marked({ gfm: true });
  marked.use(markedTerminal(styles(chalk)));
  // Code blocks in one colour of ours: syntax highlighting would decide colour on its own (and
  // weighs a megabyte, so the bundle leaves it out: see src/bundle-stubs).
  marked.use({ renderer: { code: ({ text }) => `${chalk.yellow(indent(text))}\n\n` } });
  return (markdown) => marked.parse(markdown, { async: false });
}

function indent(text: string): string {
  return forTerminal(text).split('\n').map((line) => `    ${line}`).join('\n');
}
