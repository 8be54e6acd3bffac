// Where one Markdown block ends in text that is still arriving, and how many terminal rows text takes.
// Pure functions, used to re-render a streamed answer block by block.

export interface BlockEnd {
  /** The block is text.slice(0, end). */
  end: number;
  /** The next block starts at text.slice(next). */
  next: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The first finished block: content followed by a complete blank line outside a code fence.
 * Undefined while the first block may still grow.
 */
export function findBlockEnd(text: string): BlockEnd | undefined {
  let fence: string | undefined;
  let hasContent = false;
  let start = 0;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
    const line = text.slice(start, newline);
    const marker = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      // A fence closes with the same character, at least as long, and nothing after it.
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    } else if (marker) {
      fence = marker;
    } else if (line.trim() === '' && hasContent) {
      return { end: Math.max(0, start - 1), next: newline + 1 };
    }
    if (line.trim() !== '') hasContent = true;
    start = newline + 1;
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
