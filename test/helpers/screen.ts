// A minimal terminal for tests: enough of xterm to replay what LiveMarkdown writes (printable
// text with deferred line wrap, \r, \n, cursor up, erase down; colours ignored) and read the screen.
import stringWidth from 'string-width';

export class Screen {
  readonly columns: number;
  readonly rows: number;
  readonly isTTY = true;
  #lines: string[][] = [[]];
  #row = 0;
  #col = 0;

  constructor(columns: number, rows = 1000) {
    this.columns = columns;
    this.rows = rows;
  }

  write(chunk: string): boolean {
    for (const token of chunk.match(/\u001B\[[0-9;?]*[A-Za-z]|[^]/gu) ?? []) this.#apply(token);
    return true;
  }

  /** The screen's text, trailing spaces and empty last lines dropped. */
  text(): string {
    return this.#lines.map((cells) => cells.join('').trimEnd()).join('\n').replace(/\n+$/, '');
  }

  #apply(token: string): void {
    const csi = /^\u001B\[([0-9;?]*)([A-Za-z])$/.exec(token);
    if (csi) {
      const n = Number(csi[1] || '1');
      if (csi[2] === 'A') this.#row = Math.max(0, this.#row - n);
      if (csi[2] === 'A') this.#col = Math.min(this.#col, this.columns - 1);
      if (csi[2] === 'J') {
        this.#lines[this.#row] = (this.#lines[this.#row] ?? []).slice(0, this.#col);
        this.#lines.length = this.#row + 1;
      }
      return;
    }
    if (token === '\r') this.#col = 0;
    else if (token === '\n') this.#moveTo(this.#row + 1, 0);
    else this.#put(token);
  }

  #put(char: string): void {
    const width = stringWidth(char);
    if (this.#col + width > this.columns) this.#moveTo(this.#row + 1, 0);
    const line = this.#lines[this.#row] ?? [];
    while (line.length < this.#col) line.push(' ');
    line[this.#col] = char;
    if (width === 2) line[this.#col + 1] = '';
    this.#lines[this.#row] = line;
    this.#col += width;
  }

  #moveTo(row: number, col: number): void {
    while (this.#lines.length <= row) this.#lines.push([]);
    this.#row = row;
    this.#col = col;
  }
}
