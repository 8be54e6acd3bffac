// --verbose shows where a failure happened in the sources, not in the minified bundle. The build leaves
// a source map beside each bundle file; this reads them only when a stack is shown. (Node's own
// --enable-source-maps does not apply: the loader runs the files as vm scripts, src/loader.ts.)
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { SCRIPT_OPENING } from '../script-wrapper.ts';

// `at f (/…/dist/chunks/x.cjs:1:2345)` or `at /…/dist/x.cjs:1:2345`.
const FRAME = /(\(|\bat )(\/[^()\s]*?\.cjs):(\d+):(\d+)/g;

/** The stack with each bundle position replaced by its source position (src/…, or node_modules/…). */
export function sourceMappedStack(stack: string): string {
  const maps = new Map<string, SourceMap | undefined>();
  return stack.replace(FRAME, (whole, lead: string, file: string, line: string, column: string) => {
    if (!maps.has(file)) maps.set(file, readMap(file));
    const map = maps.get(file);
    if (map === undefined) return whole;
    const lineOffset = Number(line) - 1;
    // The loader's wrapper opens the first line.
    const columnOffset = Number(column) - 1 - (lineOffset === 0 ? SCRIPT_OPENING.length : 0);
    const entry = map.findEntry(lineOffset, columnOffset);
    if (!('originalSource' in entry) || typeof entry.originalSource !== 'string' || entry.originalSource === '') return whole;
    return `${lead}${shown(file, entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function readMap(file: string): SourceMap | undefined {
  try {
    return new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    return undefined;
  }
}

/** A source's path from the package's root (the folder holding dist/). */
function shown(file: string, source: string): string {
  const at = file.lastIndexOf(`${sep}dist${sep}`);
  const root = at < 0 ? dirname(file) : file.slice(0, at);
  return relative(root, resolve(dirname(file), source));
}
