// Where one Markdown block ends in text that is still arriving, and how many terminal rows text takes.
// Pure functions, used to re-render a streamed answer block by block.

export interface BlockEnd {
  /** The block is text.slice(0, end). */
  end: number;
  /** The next block starts at text.slice(next). */
  next: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])([ \t]|$)/;

/**
 * Whether a list goes on after a blank line: the next line that is not blank is indented (more of the same item:
 * a second paragraph, a code block) or is another item. Undefined until that line has started.
 * A loose list stays one block, so its items' indented parts render inside them, as they would all at once.
 */
function listGoesOn(text: string, from: number): boolean | undefined {
  let start = from;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const line = newline === -1 ? text.slice(start) : text.slice(start, newline);
    if (line.trim() !== '') {
      if (newline === -1 && /^ {0,3}\d*$/.test(line)) return undefined;
      return /^( {2,}|\t)\S/.test(line) || /^ {0,3}([-*+]|\d{1,9}[.)])([ \t]|$)/.test(line);
    }
    if (newline === -1) return undefined;
    start = newline + 1;
  }
}

/** How far findBlockEnd has read a block that is still arriving, so each delta costs only its own length. */
export interface BlockScan {
  /** Where the first line not yet read starts. */
  start: number;
  fence: string | undefined;
  hasContent: boolean;
  /** A line of the block so far is a list item. */
  list: boolean;
}

export const newScan = (): BlockScan => ({ start: 0, fence: undefined, hasContent: false, list: false });

/**
 * The first finished block: content followed by a complete blank line outside a code fence (for a list, and
 * the next line goes on with it, see listGoesOn).
 * Undefined while the first block may still grow. `scan` (for the same text, grown) resumes an earlier call.
 */
export function findBlockEnd(text: string, scan: BlockScan = newScan()): BlockEnd | undefined {
  for (let newline = text.indexOf('\n', scan.start); newline !== -1; newline = text.indexOf('\n', scan.start)) {
    const start = scan.start;
    const line = text.slice(start, newline);
    const marker = FENCE.exec(line)?.[1];
    const fence = scan.fence;
    if (fence !== undefined) {
      // A fence closes with the same character, at least as long, and nothing after it.
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) scan.fence = undefined;
    } else if (marker) {
      scan.fence = marker;
    } else if (line.trim() === '' && scan.hasContent) {
      const goesOn = scan.list ? listGoesOn(text, newline + 1) : false;
      if (goesOn === undefined) return undefined;
      if (!goesOn) return { end: start - 1, next: newline + 1 };
    } else if (LIST_ITEM.test(line)) {
      scan.list = true;
    }
    if (line.trim() !== '') scan.hasContent = true;
    scan.start = newline + 1;
  }
  return undefined;
}

/**
 * Rows `text` fills on a terminal `columns` wide when written from the first column.
 * The cursor ends on the last of them.
 */
export function screenRows(text: string, columns: number, width: (line: string) => number): number {
  let rows = 0;
  for (const line of text.split('\n')) rows += Math.max(1, Math.ceil(width(line) / columns));
  return rows;
}

/** How to render a block taller than the screen in parts (see LiveMarkdown). */
export interface TallSplit {
  /** combined.slice(0, at) is committed now, the rest stays raw. */
  at: number;
  /** Closes the committed part for rendering (a code fence's closing line); its rendered last line is not shown. */
  close: string;
  /** What the rest needs before it to render right, from all that is committed (`undefined`: nothing). */
  carry?: (committed: string) => string;
  /** Rendered lines of carry+rest that are already on screen. */
  skip: (committed: string) => number;
}

const DELIMITER_ROW = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Where a block still arriving (`carry` committed before, `combined` not yet) can be cut so that both parts
 * render as they would together: a code block between two complete lines of code (the rest keeps the fence,
 * and its lines already shown are skipped), a table between two rows (the rest repeats the head), anything
 * else before its last line that starts in the first column (a list item, a paragraph line, a quote line)
 * outside a fence. Undefined when there is no such place.
 */
export function tallSplit(carry: string, combined: string): TallSplit | undefined {
  const context = carry + combined;
  const lines = context.split('\n');
  const lastNewline = combined.lastIndexOf('\n');
  const fence = FENCE.exec(lines[0] ?? '')?.[1];
  if (fence !== undefined && !closesAfterFirstLine(lines, fence)) {
    if (lastNewline < 0) return undefined;
    const newlines = (text: string): number => text.split('\n').length - 1;
    return { at: lastNewline + 1, close: fence, carry: (committed) => committed, skip: newlines };
  }
  if ((lines[0] ?? '').includes('|') && lines.length > 2 && DELIMITER_ROW.test(lines[1] ?? '')) {
    if (lastNewline < 0 || context.slice(0, carry.length + lastNewline + 1).split('\n').length < 4) return undefined;
    const head = `${lines[0]}\n${lines[1]}\n`;
    return { at: lastNewline + 1, close: '', carry: () => head, skip: () => 0 };
  }
  if (carry !== '') return undefined;
  let open: string | undefined;
  let at: number | undefined;
  let start = 0;
  let previous = '';
  for (const line of combined.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    const splittable =
      open === undefined &&
      start > 0 &&
      /^[^\s=-]|^-+[^-\s]|^- /.test(line) &&
      !(line.startsWith('|') && previous.includes('|'));
    if (splittable) at = start;
    if (open !== undefined) {
      if (marker && marker[0] === open[0] && marker.length >= open.length && line.trim() === marker) open = undefined;
    } else if (marker) {
      open = marker;
    }
    previous = line;
    start += line.length + 1;
  }
  return at === undefined ? undefined : { at, close: '', skip: () => 0 };
}

function closesAfterFirstLine(lines: readonly string[], fence: string): boolean {
  return lines.slice(1).some((line) => {
    const marker = FENCE.exec(line)?.[1];
    return marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker;
  });
}
