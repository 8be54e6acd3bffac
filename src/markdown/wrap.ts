// Styled text wrapped at a width: on spaces, and between East Asian wide characters (which have no spaces
// between words), never inside a URL. Widths are terminal columns (string-width: wide characters and emoji
// count two). Each line is styled on its own, so no style runs across a line break and any line can be
// erased, prefixed (list indents, quote bars) or padded (table cells) alone.
import stringWidth from 'string-width';
import { hyperlink } from './hyperlinks.ts';
import type { Style } from './theme.ts';

/** A stretch of text in one style. */
export interface Run {
  readonly text: string;
  readonly style: Style;
  /** Written as an OSC 8 hyperlink to this address. */
  readonly href?: string | undefined;
  /** A URL: kept whole on one line even when that line is wider than the width. */
  readonly unbreakable?: boolean | undefined;
}

/** A line ready to print, and the columns it takes. */
export interface Wrapped {
  readonly text: string;
  readonly width: number;
  /** A line of code: printed from the first column, never prefixed by a list indent or a quote bar. */
  readonly code?: boolean | undefined;
}

interface Piece {
  readonly text: string;
  readonly width: number;
  readonly run: Run;
  readonly wide: boolean;
}

/** What goes on a line: a word (pieces without a break opportunity between them), or a hard line break. */
interface Unit {
  space: Piece | undefined;
  pieces: Piece[];
  width: number;
  unbreakable: boolean;
  hardBreak: boolean;
}

const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;
/** East Asian punctuation that never starts a line. */
const NO_BREAK_BEFORE = /^[、。，．：；！？）」』】〕〉》”’ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ]$/u;
let segmenter: Intl.Segmenter | undefined;

export function textWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

function graphemes(text: string): string[] {
  if (PRINTABLE_ASCII.test(text)) return [...text];
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** A run's word text cut into pieces: narrow stretches whole, each wide character alone (a break may go around it). */
function wordPieces(text: string, run: Run, out: Piece[]): void {
  if (PRINTABLE_ASCII.test(text)) {
    out.push({ text, width: text.length, run, wide: false });
    return;
  }
  let narrow = '';
  for (const g of graphemes(text)) {
    const width = stringWidth(g);
    if (width === 2 && !run.unbreakable) {
      if (narrow) out.push({ text: narrow, width: textWidth(narrow), run, wide: false });
      narrow = '';
      out.push({ text: g, width, run, wide: true });
    } else {
      narrow += g;
    }
  }
  if (narrow) out.push({ text: narrow, width: textWidth(narrow), run, wide: false });
}

function toUnits(runs: readonly Run[]): Unit[] {
  const units: Unit[] = [];
  let space: Piece | undefined;
  let current: Unit | undefined;
  let lastWide = false;
  for (const run of runs) {
    for (const part of run.text.match(/\n|[ ]+|[^ \n]+/g) ?? []) {
      if (part === '\n') {
        units.push({ space: undefined, pieces: [], width: 0, unbreakable: false, hardBreak: true });
        current = undefined;
        space = undefined;
      } else if (part[0] === ' ') {
        space = { text: ' ', width: 1, run, wide: false };
        current = undefined;
      } else {
        const pieces: Piece[] = [];
        wordPieces(part, run, pieces);
        for (const piece of pieces) {
          // A break may go before or after a wide character, but not before closing punctuation (kinsoku).
          const glued = piece.wide && NO_BREAK_BEFORE.test(piece.text);
          if (!current || space || ((piece.wide || lastWide) && !glued)) {
            current = { space, pieces: [], width: 0, unbreakable: false, hardBreak: false };
            units.push(current);
            space = undefined;
          }
          current.pieces.push(piece);
          current.width += piece.width;
          current.unbreakable ||= run.unbreakable === true;
          lastWide = piece.wide;
        }
      }
    }
  }
  return units;
}

/** Pieces as printed: neighbours of one run joined and styled once, links wrapped in OSC 8. */
function print(pieces: readonly Piece[]): Wrapped {
  let text = '';
  let width = 0;
  for (let i = 0; i < pieces.length; ) {
    const run = pieces[i]!.run;
    let chunk = '';
    for (; i < pieces.length && pieces[i]!.run === run; i++) {
      chunk += pieces[i]!.text;
      width += pieces[i]!.width;
    }
    const styled = run.style(chunk);
    text += run.href ? hyperlink(styled, run.href) : styled;
  }
  return { text, width };
}

/** A piece too long for any line, cut into pieces of at most `width` columns: after a `/`, `-`, `_` or `.` in the
 * second half of a line where there is one (a path or an identifier then reads in parts), else by grapheme. */
function cut(piece: Piece, width: number): Piece[] {
  const out: Piece[] = [];
  let parts: string[] = [];
  let used = 0;
  const emit = (count: number): void => {
    const text = parts.slice(0, count).join('');
    out.push({ ...piece, text, width: textWidth(text) });
    parts = parts.slice(count);
    used = textWidth(parts.join(''));
  };
  for (const g of graphemes(piece.text)) {
    const w = textWidth(g);
    if (used + w > width && parts.length > 0) {
      let at = parts.length;
      for (let i = parts.length - 1; i >= Math.ceil(parts.length / 2); i--) {
        if ('/-_.'.includes(parts[i - 1] ?? '')) {
          at = i;
          break;
        }
      }
      emit(at);
    }
    parts.push(g);
    used += w;
  }
  if (parts.length > 0) emit(parts.length);
  return out;
}

/** Runs laid out on lines at most `width` columns wide (only an unbreakable URL longer than that is wider). */
export function wrapRuns(runs: readonly Run[], width: number): Wrapped[] {
  const max = Math.max(1, width);
  const lines: Wrapped[] = [];
  let line: Piece[] = [];
  let used = 0;
  const flush = (): void => {
    lines.push(print(line));
    line = [];
    used = 0;
  };
  for (const unit of toUnits(runs)) {
    if (unit.hardBreak) {
      flush();
      continue;
    }
    const lead = line.length > 0 && unit.space ? 1 : 0;
    if (used + lead + unit.width <= max) {
      if (lead && unit.space) line.push(unit.space);
      line.push(...unit.pieces);
      used += lead + unit.width;
      continue;
    }
    if (line.length > 0) flush();
    if (unit.width <= max || unit.unbreakable) {
      line.push(...unit.pieces);
      used = unit.width;
      continue;
    }
    for (const piece of unit.pieces) {
      for (const part of piece.width > max ? cut(piece, max) : [piece]) {
        if (used + part.width > max) flush();
        line.push(part);
        used += part.width;
      }
    }
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

/** Columns the runs take on one line, and the widest word (the least a column can be without cutting one). */
export function measureRuns(runs: readonly Run[]): { natural: number; minimum: number } {
  let natural = 0;
  let minimum = 0;
  let line = 0;
  for (const unit of toUnits(runs)) {
    if (unit.hardBreak) {
      natural = Math.max(natural, line);
      line = 0;
      continue;
    }
    line += (line > 0 && unit.space ? 1 : 0) + unit.width;
    minimum = Math.max(minimum, unit.unbreakable ? unit.width : Math.min(unit.width, 24));
  }
  return { natural: Math.max(natural, line), minimum };
}
