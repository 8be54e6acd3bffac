// Bracketed paste: with mode 2004 on, a terminal wraps pasted text in ESC[200~ … ESC[201~, so a pasted
// block can be told from typing. Without this, each pasted newline would press Enter and send the
// block line by line (a known complaint about `llm chat`).

export const BRACKETED_PASTE_ON = '\u001B[?2004h';
export const BRACKETED_PASTE_OFF = '\u001B[?2004l';
const START = '\u001B[200~';
const END = '\u001B[201~';

export type Segment = { kind: 'keys'; text: string } | { kind: 'paste'; text: string };

/** Splits terminal input into typed keys and pasted blocks; a marker split across two reads is kept for the next. */
export class PasteParser {
  #pasting = false;
  #held = '';
  #block = '';

  push(chunk: string): Segment[] {
    let text = this.#held + chunk;
    this.#held = '';
    const out: Segment[] = [];
    while (text !== '') {
      const marker = this.#pasting ? END : START;
      const at = text.indexOf(marker);
      if (at < 0) {
        // Hold back what could be the start of a marker cut in two.
        const keep = partialMarkerAt(text, marker);
        const body = text.slice(0, text.length - keep);
        this.#held = text.slice(text.length - keep);
        if (this.#pasting) this.#block += body;
        else if (body !== '') out.push({ kind: 'keys', text: body });
        break;
      }
      if (this.#pasting) {
        out.push({ kind: 'paste', text: normaliseNewlines(this.#block + text.slice(0, at)) });
        this.#block = '';
      } else if (at > 0) {
        out.push({ kind: 'keys', text: text.slice(0, at) });
      }
      this.#pasting = !this.#pasting;
      text = text.slice(at + marker.length);
    }
    return out;
  }
}

/** How many characters at the end of `text` begin `marker`. */
function partialMarkerAt(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) {
    if (marker.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}

/** Terminals send a pasted line break as CR. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
