// A streamed answer on a terminal: Markdown redrawn block by block, reasoning and refusals labelled,
// tool calls on their own line. Its own module, loaded only for a terminal: measuring text on screen
// (string-width) costs ~50 ms at import (ICU segmenter, Unicode property regexes), which a pipe must not pay.
import type { ChalkInstance } from 'chalk';
import type { OutStream } from '../terminal/io.ts';
import { LiveMarkdown } from './live-markdown.ts';
import type { Markdown } from './markdown.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import { reasoningLabel, refusalLabel, toolCallLine } from './render-items.ts';
import { text, type EventSink, type StreamEvent } from './stream-sinks.ts';
import { saneItem } from './sane.ts';

type Section = 'text' | 'reasoning' | 'refusal';

export class TerminalSink implements EventSink {
  readonly #out: OutStream;
  readonly #chalk: ChalkInstance;
  readonly #firstOutput: () => void;
  readonly #live: LiveMarkdown;
  #section: Section | undefined;
  #wrote = false;
  #atLineStart = true;

  constructor(out: OutStream, chalk: ChalkInstance, markdown: Markdown, firstOutput: () => void) {
    this.#out = out;
    this.#chalk = chalk;
    this.#firstOutput = firstOutput;
    const write = (chunk: string): boolean => this.#write(chunk);
    const screen = { write, get columns() { return out.columns; }, get rows() { return out.rows; } };
    this.#live = new LiveMarkdown(screen, markdown.render, () => void markdown.loadHighlighter());
  }

  event(event: StreamEvent): void {
    switch (event.type) {
      case 'response.output_text.delta':
        this.#enter('text');
        this.#live.write(text(event, 'delta'));
        break;
      case 'response.reasoning_summary_text.delta':
        this.#enter('reasoning', reasoningLabel(this.#chalk));
        this.#write(this.#chalk.dim(forTerminal(text(event, 'delta'))));
        break;
      case 'response.reasoning_summary_part.done':
        this.#leave();
        break;
      case 'response.refusal.delta':
        this.#enter('refusal', refusalLabel(this.#chalk));
        this.#write(forTerminal(text(event, 'delta')));
        break;
      case 'response.output_item.done': {
        const item = saneItem(event['item']);
        if (!item || item.type === 'message' || item.type === 'reasoning') break;
        this.#enter(undefined);
        this.#write(toolCallLine(item, this.#chalk));
        break;
      }
      default:
    }
  }

  finish(): void {
    this.#leave();
  }

  abandon(): void {
    if (this.#section === 'text') this.#live.abandon();
    else if (!this.#atLineStart) this.#write('\n');
    this.#section = undefined;
  }

  /** Starts a section (unless it is the current one), a blank line after whatever came before. */
  #enter(section: Section | undefined, label?: string): void {
    if (section !== undefined && this.#section === section) return;
    this.#leave();
    if (this.#wrote) this.#write('\n');
    this.#section = section;
    if (label) this.#write(`${label} `);
  }

  #leave(): void {
    if (this.#section === 'text') this.#live.end();
    else if (!this.#atLineStart) this.#write('\n');
    this.#section = undefined;
  }

  #write(chunk: string): boolean {
    if (chunk === '') return true;
    if (!this.#wrote) this.#firstOutput();
    this.#wrote = true;
    this.#atLineStart = chunk.endsWith('\n');
    return this.#out.write(chunk);
  }
}
