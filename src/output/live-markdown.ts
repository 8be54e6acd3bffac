// A streamed answer on a terminal: each delta is shown as it arrives, raw; when a Markdown block
// (a paragraph, a list, a code block) is complete, its raw rows are erased and it is redrawn rendered.
// A block about to grow taller than the screen (whose top would scroll out of reach of the redraw) is
// rendered in parts as it arrives (tallSplit in markdown-blocks.ts): the finished part is committed rendered
// and the rest stays raw until it too is finished.
import type { OutStream } from '../terminal/io.ts';
import type { RenderMarkdown } from './markdown.ts';
import { findBlockEnd, newScan, screenRows, tallSplit } from './markdown-blocks.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import { textWidth } from '../markdown/wrap.ts';

const ERASE_DOWN = '\u001B[J';
const up = (rows: number): string => (rows > 0 ? `\u001B[${rows}A` : '');

/** What the terminal shows for raw text: no control codes, tabs as spaces so rows can be counted. */
function shown(text: string): string {
  return forTerminal(text.replace(/\t/g, '    '));
}

export class LiveMarkdown {
  readonly #out: OutStream;
  readonly #render: RenderMarkdown;
  readonly #codeAhead: () => void;
  /** The raw Markdown of the block being received, already on screen from the first column. */
  #pending = '';
  /** Already committed Markdown of the current block that its rest needs to render right (a code fence, a table head). */
  #carry = '';
  /** Rendered lines of carry+pending that are on screen already (committed), dropped when the block is redrawn. */
  #skip = 0;
  /** Part of the current block was committed: what follows continues it (no gap, blank lines kept). */
  #continuing = false;
  /** The block grew past the screen and could not be split: it stays raw to its end. */
  #raw = false;
  /** A blank line is owed before the next block. */
  #gap = false;
  #warned = false;
  /** How far the current block has been read for its end: its context (carry + pending) less `tail` is read. */
  #scan = newScan();
  #tail = '';
  #scanned = 0;
  /** The last characters written, to see a code fence start across deltas. */
  #recent = '';

  /** `codeAhead` is called (once) when a code block starts arriving, so the highlighter can load meanwhile. */
  constructor(out: OutStream, render: RenderMarkdown, codeAhead: () => void = () => {}) {
    this.#out = out;
    this.#render = render;
    this.#codeAhead = codeAhead;
  }

  write(delta: string): void {
    let text = delta;
    while (text !== '') {
      if (this.#pending === '' && !this.#continuing) {
        text = text.replace(/^(?:[ \t]*\n)+/, '');
        if (text === '') return;
        if (this.#gap) this.#out.write('\n');
        this.#gap = false;
      }
      const recent = this.#recent + text;
      this.#recent = recent.slice(-2);
      if (!this.#warned && /```|~~~/.test(recent)) {
        this.#warned = true;
        this.#codeAhead();
      }
      const combined = this.#pending + text;
      // Only the text after the last line already read is scanned (and so flattened): a block of megabytes
      // arriving in thousands of deltas costs each delta its own length.
      const tail = this.#tail + text;
      const cut = findBlockEnd(tail, this.#scan);
      if (!cut) {
        this.#scanned += this.#scan.start;
        this.#tail = tail.slice(this.#scan.start);
        this.#scan.start = 0;
        if (!this.#raw && screenRows(shown(combined), this.#columns(), textWidth) >= this.#height()) {
          const rest = this.#commit(combined);
          if (rest !== undefined) {
            text = rest;
            continue;
          }
        }
        this.#out.write(shown(text));
        this.#pending = combined;
        return;
      }
      const context = this.#carry + combined;
      const end = this.#scanned + cut.end - this.#carry.length;
      const next = this.#scanned + cut.next;
      this.#redraw(combined.slice(0, Math.max(0, end)), combined.slice(this.#pending.length, Math.max(this.#pending.length, end)));
      this.#gap = true;
      text = context.slice(next);
    }
  }

  /** The answer is complete: the last block is redrawn too. */
  end(): void {
    if (this.#pending.trim() !== '' || this.#continuing) this.#redraw(this.#pending.trimEnd(), '');
    else if (this.#pending !== '') this.#out.write('\n');
    this.#reset();
    this.#gap = false;
  }

  /** The stream broke off: what is on screen stays as it is; the cursor moves to a fresh line. */
  abandon(): void {
    if (this.#pending !== '' && !this.#pending.endsWith('\n')) this.#out.write('\n');
    this.#reset();
    this.#gap = false;
  }

  #columns(): number {
    return this.#out.columns || 80;
  }

  #height(): number {
    return this.#out.rows || 24;
  }

  #reset(): void {
    this.#pending = '';
    this.#carry = '';
    this.#skip = 0;
    this.#continuing = false;
    this.#raw = false;
    this.#rescan();
  }

  /** The current block's context is read again from its start (a new block, or a part of it committed). */
  #rescan(): void {
    this.#scan = newScan();
    this.#tail = this.#carry;
    this.#scanned = 0;
  }

  /** Rendered lines of `markdown` with the current block's carry, less those already on screen. */
  #rendered(markdown: string, dropLast = 0): string {
    let lines: string[];
    try {
      lines = this.#render(this.#carry + markdown, this.#columns()).trimEnd().split('\n');
    } catch {
      // The answer must reach the screen even if rendering fails: as written.
      lines = shown(this.#carry + markdown).trimEnd().split('\n');
    }
    return lines.slice(this.#skip, lines.length - dropLast).join('\n');
  }

  /**
   * The block (raw on screen: `pending`; arriving: the rest of `combined`) is about to outgrow the screen:
   * its finished part is redrawn rendered. Returns the text still to write, or undefined when it cannot split.
   */
  #commit(combined: string): string | undefined {
    const onScreen = screenRows(shown(this.#pending), this.#columns(), textWidth);
    const split = onScreen < this.#height() ? tallSplit(this.#carry, combined) : undefined;
    if (!split) {
      this.#raw = true;
      return undefined;
    }
    const head = combined.slice(0, split.at);
    const rendered = this.#rendered(head + split.close, split.close ? 1 : 0);
    const erase = this.#pending === '' ? '' : `${up(onScreen - 1)}\r${ERASE_DOWN}`;
    this.#out.write(`${erase}${rendered}${rendered === '' ? '' : '\n'}`);
    if (split.carry === undefined) {
      this.#carry = '';
      this.#skip = 0;
    } else {
      this.#skip = split.skip(this.#carry + head);
      this.#carry = split.carry(this.#carry + head);
    }
    this.#pending = '';
    this.#rescan();
    this.#continuing = true;
    return combined.slice(split.at);
  }

  /** Replaces the raw rows of `block` (of which `unshown` is not on screen yet) by its rendering. */
  #redraw(block: string, unshown: string): void {
    const onScreen = this.#pending;
    const rows = screenRows(shown(onScreen), this.#columns(), textWidth);
    const raw = this.#raw;
    this.#pending = '';
    if (raw || rows >= this.#height()) {
      // Its top has scrolled out of reach: leave the raw text rather than half-redraw it.
      const rest = shown(unshown);
      this.#out.write((onScreen + rest).endsWith('\n') || onScreen + rest === '' ? rest : `${rest}\n`);
      this.#reset();
      return;
    }
    const rendered = this.#rendered(block);
    this.#reset();
    this.#out.write(`${up(rows - 1)}\r${ERASE_DOWN}${rendered}\n`);
  }
}
