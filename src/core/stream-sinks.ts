// Where stream events go as they arrive: NDJSON lines, the raw text for a pipe, or a live
// rendering for a terminal. Each sink writes a delta the moment it gets it.
import type { ChalkInstance } from 'chalk';
import type { IO, OutStream } from './io.ts';
import { LiveMarkdown } from './live-markdown.ts';
import type { RenderMarkdown } from './markdown.ts';
import type { ResponseLike } from './render.ts';
import { forTerminal, pipeNotes, reasoningLabel, refusalLabel, toolCallLine, type ItemLike } from './render-items.ts';

export type StreamEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

export interface EventSink {
  event(event: StreamEvent): void;
  /** The final event arrived. */
  finish(response: ResponseLike): void;
  /** The stream broke off; `failure` is the error event the gateway sent, if it sent one. */
  abandon(failure?: unknown): void;
}

const text = (event: StreamEvent, key: string): string => {
  const value = event[key];
  return typeof value === 'string' ? value : '';
};

/** `--json --stream`: each event as the API sent it, one per line. */
export function ndjsonSink(out: OutStream): EventSink {
  return {
    event: (event) => out.write(`${JSON.stringify(event)}\n`),
    finish: () => {},
    abandon: (failure) => {
      if (failure !== undefined) out.write(`${JSON.stringify(failure)}\n`);
    },
  };
}

/** A pipe (or --text): the answer's text exactly as it streams, then one newline. */
export function textSink(io: IO, stderrChalk: ChalkInstance, firstOutput: () => void): EventSink {
  let last = '';
  const write = (chunk: string): void => {
    if (chunk === '') return;
    if (last === '') firstOutput();
    io.stdout.write(chunk);
    last = chunk;
  };
  return {
    event(event) {
      if (event.type === 'response.output_text.delta') write(text(event, 'delta'));
      else if (event.type === 'response.output_item.done') io.stderr.write(pipeNotes([event['item']], stderrChalk));
    },
    finish() {
      if (!last.endsWith('\n')) io.stdout.write('\n');
    },
    abandon() {
      // On a terminal (--text), the error that follows must start on its own line.
      if (io.stdout.isTTY && last !== '' && !last.endsWith('\n')) io.stdout.write('\n');
    },
  };
}

type Section = 'text' | 'reasoning' | 'refusal';

/** A terminal: Markdown redrawn block by block, reasoning and refusals labelled, tool calls on their own line. */
export class TerminalSink implements EventSink {
  readonly #out: OutStream;
  readonly #chalk: ChalkInstance;
  readonly #firstOutput: () => void;
  readonly #live: LiveMarkdown;
  #section: Section | undefined;
  #wrote = false;
  #atLineStart = true;

  constructor(out: OutStream, chalk: ChalkInstance, markdown: RenderMarkdown, firstOutput: () => void) {
    this.#out = out;
    this.#chalk = chalk;
    this.#firstOutput = firstOutput;
    const write = (chunk: string): boolean => this.#write(chunk);
    this.#live = new LiveMarkdown({ write, get columns() { return out.columns; }, get rows() { return out.rows; } }, markdown);
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
        const item = event['item'] as ItemLike | undefined;
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
