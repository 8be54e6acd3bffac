// marked's block tokens → lines for a terminal `width` columns wide: paragraphs and headings wrapped, lists with
// hanging indents, quotes behind a bar, code blocks (code-block.ts), tables (table.ts). A blank line between
// blocks, none between the parts of a tight list item. Tokens are read as untrusted (inline.ts), and nesting
// deeper than MAX_DEPTH is shown as its source text instead of being followed.
import { codeLines, type Highlight } from './code-block.ts';
import { inlineRuns, list, MAX_DEPTH, str, type TokenLike } from './inline.ts';
import { tableLines } from './table.ts';
import type { Style, Theme } from './theme.ts';
import { textWidth, wrapRuns, type Run, type Wrapped } from './wrap.ts';
import { forTerminal } from '../terminal/safe-text.ts';

export interface BlockContext {
  readonly theme: Theme;
  readonly highlight: Highlight | undefined;
}

/** The narrowest a nested block is laid out in; deeper indents than that let lines run wider. */
const MIN_WIDTH = 12;
const BULLETS = ['•', '◦', '▪'];
const BLANK: Wrapped = { text: '', width: 0 };
/** Anchored so that a long run of newlines inside the text costs nothing (an unanchored \n+$ is quadratic). */
const TRAILING_NEWLINES = /(?<!\n)\n+$/;

interface Nesting {
  depth: number;
  lists: number;
}

export function renderBlocks(tokens: unknown, width: number, ctx: BlockContext, nesting: Nesting = { depth: 0, lists: 0 }, tight = false): Wrapped[] {
  const lines: Wrapped[] = [];
  for (const token of list(tokens)) {
    if (token['type'] === 'space' || token['type'] === 'def') continue;
    const block = nesting.depth >= MAX_DEPTH ? sourceLines(str(token['raw']), width) : blockLines(token, Math.max(MIN_WIDTH, width), ctx, nesting);
    if (block.length === 0) continue;
    if (lines.length > 0 && !tight) lines.push(BLANK);
    lines.push(...block);
  }
  return lines;
}

function blockLines(token: TokenLike, width: number, ctx: BlockContext, nesting: Nesting): Wrapped[] {
  const { theme } = ctx;
  switch (token['type']) {
    case 'paragraph':
    case 'text':
      return wrapRuns(runsOf(token, theme), width);
    case 'heading':
      return heading(token, width, theme);
    case 'code':
      return codeLines(str(token['text']), str(token['lang']), width, theme, ctx.highlight);
    case 'hr':
      return [{ text: theme.rule('─'.repeat(width)), width }];
    case 'blockquote':
      return quote(renderBlocks(token['tokens'], width - 2, ctx, { ...nesting, depth: nesting.depth + 1 }), theme.quoteBar);
    case 'list':
      return listLines(token, width, ctx, nesting);
    case 'table':
      return tableLines(token, width, theme);
    case 'html':
      return str(token['text']).replace(TRAILING_NEWLINES, '').split('\n').flatMap((line) => wrapRuns([{ text: forTerminal(line), style: theme.html }], width));
    default:
      return Array.isArray(token['tokens']) ? wrapRuns(runsOf(token, theme), width) : sourceLines(str(token['text']) || str(token['raw']), width);
  }
}

function runsOf(token: TokenLike, theme: Theme, style?: Style): Run[] {
  if (Array.isArray(token['tokens'])) return inlineRuns(token['tokens'], theme, style);
  return inlineRuns([{ type: 'text', text: str(token['text']) }], theme, style);
}

/** Text shown as it was written, wrapped: for what is nested too deep to render. */
export function sourceLines(text: string, width: number): Wrapped[] {
  const plain: Style = (t) => t;
  return forTerminal(text).replace(TRAILING_NEWLINES, '').split('\n').flatMap((line) => wrapRuns([{ text: line.replace(/\t/g, '    '), style: plain }], width));
}

function heading(token: TokenLike, width: number, theme: Theme): Wrapped[] {
  const level = Math.min(6, Math.max(1, Number(token['depth']) || 1));
  const style = theme.heading[level - 1] ?? theme.strong;
  // Without colour the level is told by the Markdown mark itself.
  const mark: Run[] = theme.plain ? [{ text: `${'#'.repeat(level)} `, style }] : [];
  return wrapRuns([...mark, ...runsOf(token, theme, style)], width);
}

/** Lines behind a bar; code lines stay in the first column (copying them must give the code alone). */
function quote(lines: Wrapped[], bar: Style): Wrapped[] {
  return lines.map((line) => (line.code ? line : { text: line.text ? `${bar('│')} ${line.text}` : bar('│'), width: line.width + 2 }));
}

function listLines(token: TokenLike, width: number, ctx: BlockContext, nesting: Nesting): Wrapped[] {
  const { theme } = ctx;
  const ordered = token['ordered'] === true;
  const start = typeof token['start'] === 'number' && Number.isFinite(token['start']) ? token['start'] : 1;
  const loose = token['loose'] === true;
  const inner: Nesting = { depth: nesting.depth + 1, lists: nesting.lists + 1 };
  const lines: Wrapped[] = [];
  list(token['items']).forEach((item, i) => {
    let marker = ordered ? `${start + i}.` : (BULLETS[nesting.lists % BULLETS.length] ?? '•');
    if (item['task'] === true) marker = `${ordered ? `${marker} ` : ''}[${item['checked'] === true ? 'x' : ' '}]`;
    const indent = textWidth(marker) + 1;
    const content = renderBlocks(list(item['tokens']).filter((t) => t['type'] !== 'checkbox'), width - indent, ctx, inner, !loose);
    if (i > 0 && loose) lines.push(BLANK);
    const head = `${theme.bullet(marker)} `;
    const first = content[0];
    if (!first || first.code) lines.push({ text: theme.bullet(marker), width: indent - 1 });
    content.forEach((line, l) => {
      if (line.code) lines.push(line);
      else if (l === 0) lines.push({ text: head + line.text, width: indent + line.width });
      else lines.push(line.text ? { text: ' '.repeat(indent) + line.text, width: indent + line.width } : BLANK);
    });
  });
  return lines;
}
