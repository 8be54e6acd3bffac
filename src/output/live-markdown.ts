// A streamed answer on a terminal: each delta is shown as it arrives, raw; when a Markdown block
// (a paragraph, a list, a code block) is complete, its raw rows are erased and it is redrawn rendered.
import stringWidth from 'string-width';
import type { OutStream } from '../terminal/io.ts';
import type { RenderMarkdown } from './markdown.ts';
import { findBlockEnd, screenRows } from './markdown-blocks.ts';
import { forTerminal } from '../terminal/safe-text.ts';

const ERASE_DOWN = '\u001B[J';
const up = (rows: number): string => (rows > 0 ? `\u001B[${rows}A` : '');

/** What the terminal shows for raw text: no control codes, tabs as spaces so rows can be counted. */
function shown(text: string): string {
  return forTerminal(text.replace(/\t/g, '    '));
}

export class LiveMarkdown {
  readonly #out: OutStream;
  readonly #render: RenderMarkdown;
  /** The raw Markdown of the block being received, already on screen from the first column. */
  #pending = '';
  /** A blank line is owed before the next block. */
  #gap = false;

  constructor(out: OutStream, render: RenderMarkdown) {
    this.#out = out;
    this.#render = render;
  }

  write(delta: string): void {
    let text = delta;
    while (text !== '') {
      if (this.#pending === '') {
        text = text.replace(/^(?:[ \t]*\n)+/, '');
        if (text === '') return;
        if (this.#gap) this.#out.write('\n');
        this.#gap = false;
      }
      const combined = this.#pending + text;
      const cut = findBlockEnd(combined);
      if (!cut) {
        this.#out.write(shown(text));
        this.#pending = combined;
        return;
      }
      this.#redraw(combined.slice(0, cut.end), combined.slice(this.#pending.length, cut.end));
      this.#gap = true;
      text = combined.slice(cut.next);
    }
  }

  /** The answer is complete: the last block is redrawn too. */
  end(): void {
    if (this.#pending.trim() !== '') this.#redraw(this.#pending.replace(/\s+$/, ''), '');
    else if (this.#pending !== '') this.#out.write('\n');
    this.#pending = '';
    this.#gap = false;
  }

  /** The stream broke off: what is on screen stays as it is; the cursor moves to a fresh line. */
  abandon(): void {
    if (this.#pending !== '' && !this.#pending.endsWith('\n')) this.#out.write('\n');
    this.#pending = '';
    this.#gap = false;
  }

  /** Replaces the raw rows of `block` (of which `unshown` is not on screen yet) by its rendering. */
  #redraw(block: string, unshown: string): void {
    const columns = this.#out.columns || 80;
    const height = this.#out.rows || 24;
    const onScreen = this.#pending;
    const rows = screenRows(shown(onScreen), columns, stringWidth);
    this.#pending = '';
    if (rows >= height) {
      // Its top has scrolled out of reach: leave the raw text rather than half-redraw it.
      const rest = shown(unshown);
      this.#out.write((onScreen + rest).endsWith('\n') ? rest : `${rest}\n`);
      return;
    }
    const rendered = this.#render(block).replace(/\s+$/, '');
    this.#out.write(`${up(rows - 1)}\r${ERASE_DOWN}${rendered}\n`);
  }
}
