// A real terminal emulator for tests (xterm.js, headless, with Unicode 11 widths as terminals use; \n a new
// line, as a tty driver makes it): what a renderer writes is replayed into it, and the screen is read back as a
// user would see and copy it.
import { Unicode11Addon } from '@xterm/addon-unicode11';
import xterm from '@xterm/headless';

export interface ScreenLine {
  /** The row's text, trailing blanks dropped. */
  text: string;
  /** The row continues the one above (the terminal wrapped a line too long for it). */
  wrapped: boolean;
}

export class Terminal {
  readonly columns: number;
  readonly rows: number;
  readonly isTTY = true;
  readonly #term: InstanceType<typeof xterm.Terminal>;
  /** Written but not yet given to the emulator: one write of it all is the same bytes, and much faster. */
  #unread: string[] = [];

  constructor(columns: number, rows = 1000) {
    this.columns = columns;
    this.rows = rows;
    this.#term = new xterm.Terminal({ cols: columns, rows, scrollback: 100_000, allowProposedApi: true, convertEol: true });
    this.#term.loadAddon(new Unicode11Addon());
    this.#term.unicode.activeVersion = '11';
  }

  write(chunk: string): boolean {
    this.#unread.push(chunk);
    return true;
  }

  /** Every row written (scrollback and screen), once the writes so far are processed; empty rows at the end dropped. */
  async lines(): Promise<ScreenLine[]> {
    const data = this.#unread.join('');
    this.#unread = [];
    await new Promise<void>((resolve) => this.#term.write(data, resolve));
    const buffer = this.#term.buffer.active;
    const lines: ScreenLine[] = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      lines.push({ text: line?.translateToString(true) ?? '', wrapped: line?.isWrapped ?? false });
    }
    while (lines.length > 0 && lines.at(-1)?.text === '' && !lines.at(-1)?.wrapped) lines.pop();
    return lines;
  }

  /** The screen's text as rows joined by newlines. */
  async text(): Promise<string> {
    return (await this.lines()).map((line) => line.text).join('\n');
  }

  /** Lines as a copy from the terminal gives them: rows the terminal wrapped joined back into one. */
  async logicalLines(): Promise<string[]> {
    const out: string[] = [];
    for (const line of await this.lines()) {
      if (line.wrapped && out.length > 0) out[out.length - 1] += line.text;
      else out.push(line.text);
    }
    return out;
  }
}
