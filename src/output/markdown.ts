// Markdown → terminal text: marked's lexer (a fast, complete CommonMark + GFM parser) and our own renderer over its
// tokens (src/markdown/), loaded only when a terminal needs it. Rendering never loses an answer: if the lexer or
// the renderer fails on some input (marked overflows the stack on 2000 nested `>`), the text is shown as written.
import type { ChalkInstance } from 'chalk';
import { Lexer } from 'marked';
import { renderBlocks, sourceLines } from '../markdown/blocks.ts';
import type { Highlight } from '../markdown/code-block.ts';
import { supportsHyperlinks } from '../markdown/hyperlinks.ts';
import { makeTheme, type Theme } from '../markdown/theme.ts';
import type { Env } from '../terminal/io.ts';
import { forTerminal } from '../terminal/safe-text.ts';

/** Markdown → the lines to print on a terminal `columns` wide (no trailing newline). */
export type RenderMarkdown = (markdown: string, columns: number) => string;

export interface Markdown {
  readonly render: RenderMarkdown;
  /** Loads the syntax highlighter (once); code rendered before it is loaded is plain. Never rejects. */
  loadHighlighter(): Promise<void>;
  /**
   * Renders a sample: marked's first lex compiles its many regular expressions (~40 ms, more on a busy machine),
   * better paid while waiting for the first delta than when the first block is redrawn.
   */
  warm(): void;
}

const SAMPLE = '# a\n\n**b** *c* `d` [e](https://f.g) 日本 🚀\n\n- h\n  1. i\n\n> j\n\n| k | l |\n|---|--:|\n| m | n |';

/** A fenced code block with a language: the only thing that needs the highlighter. */
export function hasFencedCode(markdown: string): boolean {
  return /^ {0,3}(`{3,}|~{3,})[ \t]*[\w.+#-]/m.test(markdown);
}

export async function loadMarkdown(chalk: ChalkInstance, env: Env): Promise<Markdown> {
  const theme = makeTheme(chalk, supportsHyperlinks(env, chalk.level > 0));
  let highlight: Highlight | undefined;
  let loading: Promise<void> | undefined;
  return {
    render: (markdown, columns) => renderMarkdown(markdown, columns, theme, highlight),
    warm: () => void renderMarkdown(SAMPLE, 80, theme),
    loadHighlighter: () =>
      (loading ??= import('../markdown/highlight.ts').then(
        ({ makeHighlighter }) => {
          highlight = makeHighlighter(theme);
        },
        () => {
          // Without the highlighter code is plain: nothing to tell.
        },
      )),
  };
}

export function renderMarkdown(markdown: string, columns: number, theme: Theme, highlight?: Highlight): string {
  const width = Math.max(20, Math.floor(columns) || 80);
  const source = forTerminal(typeof markdown === 'string' ? markdown : String(markdown ?? ''));
  try {
    if (tooDeep(source)) return sourceLines(source, width).map((line) => line.text).join('\n');
    const tokens = new Lexer({ gfm: true }).lex(source);
    return renderBlocks(tokens, width, { theme, highlight: guarded(highlight) }).map((line) => line.text).join('\n');
  } catch {
    try {
      return sourceLines(source, width).map((line) => line.text).join('\n');
    } catch {
      return source;
    }
  }
}

/**
 * Nesting no answer needs, on which marked's lexer overflows the stack (2000 `>`) or takes time that grows with
 * the cube of the depth (a 1000-deep list: 10 s): quotes more than 30 deep, list items indented more than 100
 * columns. Such text is shown as written.
 */
export function tooDeep(source: string): boolean {
  for (const [, prefix = '', rest = ''] of source.matchAll(/^([ \t>]*)(\S?)/gm)) {
    let quotes = 0;
    for (const char of prefix) if (char === '>') quotes += 1;
    if (quotes > 30) return true;
    if (prefix.replace(/\t/g, '    ').length > 100 && /[-*+\d>]/.test(rest)) return true;
  }
  return false;
}

/** A highlighter that throws leaves its block plain instead of failing the whole answer. */
function guarded(highlight: Highlight | undefined): Highlight | undefined {
  if (!highlight) return undefined;
  return (code, language) => {
    try {
      return highlight(code, language);
    } catch {
      return undefined;
    }
  };
}
