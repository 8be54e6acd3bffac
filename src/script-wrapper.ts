// How the loader wraps each bundle file before V8 compiles it (src/loader.ts), shared with the code
// that maps a --verbose stack back to the sources (terminal/stack.ts): on the first line, every column
// is shifted by the wrapper's opening.

/** The opening, on the file's first line. The files were ES modules: strict mode, as they were. */
export const SCRIPT_OPENING = '(function (exports, require, module, __filename, __dirname) {"use strict";';

export function wrapScript(source: string): string {
  return `${SCRIPT_OPENING}${source}\n})`;
}
