// A person at a terminal: Node's readline (↑/↓ history, Ctrl-A/E/W/U, TAB completion) fed through a
// gate of our own, so that
// - a bracketed paste with line breaks becomes one placeholder in the line (one message, never sent
//   line by line), expanded when the line is sent;
// - while an answer streams, nothing typed reaches readline and Ctrl-C stops that answer (the terminal
//   stays in raw mode, so Ctrl-C is a key, not a signal that would end the process);
// - a line ending in `\`, or a `"""` block, goes on over several lines.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { createInterface, type Interface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import type { ChalkInstance } from 'chalk';
import type { Completer } from './completer.ts';
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON, PasteParser } from './paste.ts';
import type { MessageSource } from './source.ts';
import { INPUT_HISTORY_CAP, type InputHistory } from './input-history.ts';

export interface TerminalIn extends NodeJS.ReadableStream {
  isTTY?: boolean | undefined;
  setRawMode(mode: boolean): unknown;
}

export interface TerminalOut {
  write(chunk: string): boolean;
  columns?: number | undefined;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

/** A real terminal on both ends, the only place an interactive session can run. */
export function isTerminalPair(pair: { input: unknown; output: unknown }): pair is { input: TerminalIn; output: TerminalOut } {
  const inStream = pair.input as Partial<TerminalIn> | undefined;
  const outStream = pair.output as Partial<TerminalOut> & { isTTY?: boolean } | undefined;
  return inStream?.isTTY === true && typeof inStream.setRawMode === 'function' && typeof inStream.on === 'function' && outStream?.isTTY === true && typeof outStream.on === 'function';
}

type Event = { kind: 'line'; line: string } | { kind: 'interrupt' } | { kind: 'end' };

const PROMPT = '› ';
const MORE = '… ';

export interface TerminalSourceOptions {
  history: InputHistory;
  completer: Completer;
  chalk: ChalkInstance;
  edit: () => string | undefined;
}

export async function terminalSource(input: TerminalIn, output: TerminalOut, options: TerminalSourceOptions): Promise<MessageSource> {
  const saved = await options.history.load();
  return new TerminalSource(input, output, options, saved);
}

class TerminalSource implements MessageSource {
  readonly interactive = true;
  readonly #input: TerminalIn;
  readonly #output: TerminalOut;
  readonly #options: TerminalSourceOptions;
  readonly #rl: Interface;
  readonly #feed = new PassThrough();
  readonly #view = new EventEmitter();
  readonly #decoder = new StringDecoder('utf8');
  readonly #parser = new PasteParser();
  readonly #pastes = new Map<string, string>();
  readonly #events: Event[] = [];
  #wake: (() => void) | undefined;
  /** prompt: keys go to readline; turn: only Ctrl-C counts; busy: keys are dropped. */
  #mode: 'prompt' | 'turn' | 'busy' = 'busy';
  #stop: (() => void) | undefined;
  #closed = false;
  /** The cursor sits after a prompt (Ctrl-D or Ctrl-C ended it without a line break). */
  #onPromptLine = false;

  constructor(input: TerminalIn, output: TerminalOut, options: TerminalSourceOptions, saved: string[]) {
    this.#input = input;
    this.#output = output;
    this.#options = options;
    // readline sees a terminal of our making: input through the gate, output straight through.
    Object.assign(this.#feed, { isTTY: true, setRawMode: (mode: boolean) => input.setRawMode(mode) });
    Object.assign(this.#view, { isTTY: true, write: (chunk: string) => output.write(chunk) });
    Object.defineProperty(this.#view, 'columns', { get: () => output.columns });
    output.on('resize', this.#onResize);
    this.#rl = createInterface({
      input: this.#feed,
      output: this.#view as unknown as NodeJS.WritableStream,
      terminal: true,
      history: [...saved].reverse(),
      historySize: INPUT_HISTORY_CAP,
      removeHistoryDuplicates: true,
      completer: options.completer,
      tabSize: 4,
    });
    this.#rl.on('line', (line) => this.#push({ kind: 'line', line }));
    this.#rl.on('close', () => this.#push({ kind: 'end' }));
    this.#rl.on('SIGINT', () => {
      // Ctrl-C with something typed clears it, as in a shell; on an empty prompt it counts towards leaving.
      if (this.#rl.line !== '') {
        this.#rl.write(null, { ctrl: true, name: 'e' });
        this.#rl.write(null, { ctrl: true, name: 'u' });
      } else {
        this.#push({ kind: 'interrupt' });
      }
    });
    input.on('data', this.#onData);
    output.write(BRACKETED_PASTE_ON);
  }

  async next(): Promise<string | undefined> {
    const before = [...this.#history.history];
    const lines: string[] = [];
    let block = false;
    let pasted = false;
    let interrupts = 0;
    for (;;) {
      const event = await this.#read(lines.length === 0 && !block ? PROMPT : MORE);
      if (event.kind === 'end') return undefined;
      if (event.kind === 'interrupt') {
        if (lines.length > 0 || block) {
          this.#say('(message dropped)');
          lines.length = 0;
          block = false;
          continue;
        }
        interrupts += 1;
        if (interrupts >= 2) return undefined;
        this.#say('(Ctrl-C again, Ctrl-D or /exit to leave)');
        continue;
      }
      interrupts = 0;
      const expanded = this.#expand(event.line);
      pasted ||= expanded !== event.line;
      const line = expanded;
      if (block) {
        if (line.trimEnd().endsWith('"""')) {
          lines.push(line.trimEnd().slice(0, -3));
          break;
        }
        lines.push(line);
        continue;
      }
      if (lines.length === 0 && line.trimStart().startsWith('"""')) {
        const rest = line.trimStart().slice(3);
        if (rest.trimEnd().endsWith('"""') && rest.trim() !== '"""') {
          lines.push(rest.trimEnd().slice(0, -3));
          break;
        }
        block = true;
        if (rest.trim() !== '') lines.push(rest);
        continue;
      }
      if (line.endsWith('\\')) {
        lines.push(line.slice(0, -1));
        continue;
      }
      lines.push(line);
      break;
    }
    const text = lines.join('\n');
    if (lines.length > 1 || pasted) {
      // ↑ recalls whole one-line messages; the lines of a longer one (or a paste's placeholder) would mislead.
      this.#history.history = before;
    } else if (text.trim() !== '') {
      await this.#options.history.add(text);
    }
    return text;
  }

  async during<T>(stop: () => void, work: () => Promise<T>): Promise<T> {
    this.#mode = 'turn';
    this.#stop = stop;
    try {
      return await work();
    } finally {
      this.#mode = 'busy';
      this.#stop = undefined;
    }
  }

  async edit(): Promise<string | undefined> {
    // The editor owns the terminal until it exits: cooked mode, no bracketed paste, nothing read here.
    this.#output.write(BRACKETED_PASTE_OFF);
    this.#input.setRawMode(false);
    try {
      return this.#options.edit();
    } finally {
      this.#input.setRawMode(true);
      this.#output.write(BRACKETED_PASTE_ON);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#input.off('data', this.#onData);
    this.#output.off('resize', this.#onResize);
    this.#output.write(`${BRACKETED_PASTE_OFF}${this.#onPromptLine ? '\n' : ''}`);
    this.#rl.close();
    this.#input.setRawMode(false);
    this.#input.pause();
  }

  /** readline keeps its history in a public field its types do not declare. */
  get #history(): { history: string[] } {
    return this.#rl as unknown as { history: string[] };
  }

  #read(prompt: string): Promise<Event> {
    const queued = this.#events.shift();
    if (queued) return Promise.resolve(queued);
    this.#mode = 'prompt';
    this.#onPromptLine = true;
    this.#rl.setPrompt(prompt);
    this.#rl.prompt();
    return new Promise((resolve) => {
      this.#wake = () => {
        const event = this.#events.shift();
        if (!event) return;
        this.#wake = undefined;
        this.#mode = 'busy';
        this.#onPromptLine = event.kind !== 'line';
        resolve(event);
      };
    });
  }

  #push(event: Event): void {
    this.#events.push(event);
    this.#wake?.();
  }

  #say(text: string): void {
    this.#output.write(`${this.#options.chalk.dim(text)}\n`);
  }

  readonly #onResize = (): void => {
    if (this.#mode === 'prompt') this.#view.emit('resize');
  };

  readonly #onData = (chunk: Buffer | string): void => {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    for (const segment of this.#parser.push(text)) {
      if (this.#mode === 'turn') {
        if (segment.kind === 'keys' && segment.text.includes('\u0003')) this.#stop?.();
        continue;
      }
      if (this.#mode !== 'prompt') continue;
      if (segment.kind === 'keys' || !segment.text.includes('\n')) {
        this.#feed.write(segment.text);
        continue;
      }
      const lines = segment.text.replace(/\n$/, '').split('\n').length;
      const placeholder = `[pasted text #${this.#pastes.size + 1}: ${lines} lines]`;
      this.#pastes.set(placeholder, segment.text.replace(/\n$/, ''));
      this.#feed.write(placeholder);
    }
  };

  #expand(line: string): string {
    let out = line;
    for (const [placeholder, text] of this.#pastes) out = out.split(placeholder).join(text);
    return out;
  }
}
