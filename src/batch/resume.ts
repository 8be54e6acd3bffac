// Resuming: the custom_ids an earlier run already answered, from its output file. A failed line is sent
// again (its old line removed), and a torn last line (a system crash mid-write) is dropped, so the file
// ends with every custom_id exactly once. The file is only rewritten when something must go, and then
// through a temporary file renamed over it, so a kill during the rewrite leaves the old file whole.
import { closeSync, createReadStream, fdatasyncSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { linesOf } from './input-lines.ts';
import { UsageError } from '../errors/errors.ts';
import { readOutputLine } from './output-format.ts';

export interface Earlier {
  /** custom_ids with a successful line. */
  done: Set<string>;
  /** Lines removed: failed requests (sent again) and a torn or foreign line. */
  failed: number;
  torn: number;
}

/** `rewrite` false: only read (--dry-run, or before the input is known to be good). */
export async function readEarlier(path: string, format: 'jsonl' | 'text', rewrite = true): Promise<Earlier> {
  const earlier: Earlier = { done: new Set(), failed: 0, torn: 0 };
  if (!exists(path)) return earlier;
  let needed = false;
  let number = 0;
  for await (const { text, complete } of outputLines(path)) {
    number += 1;
    const line = complete ? readOutputLine(text, format) : undefined;
    // A whole line that is not a result line: not ours to drop (another file, or --text against JSONL).
    if (line === undefined && complete && text !== '') {
      throw new UsageError(`${path} line ${number} is not a ${format === 'text' ? '--text' : 'JSONL'} result line: it is left as it is`, {
        hint: 'resume with the same -o and the same --text as the run that wrote it, or start over with --restart',
      });
    }
    if (line === undefined) {
      if (!complete) earlier.torn += 1;
      needed ||= !complete;
    } else if (!line.ok || earlier.done.has(line.customId)) {
      if (!line.ok) earlier.failed += 1;
      needed = true;
    } else earlier.done.add(line.customId);
  }
  if (needed && rewrite) await keepOnly(path, format);
  return earlier;
}

/** Lines with whether each ended with a newline (only the last can lack one). */
async function* outputLines(path: string): AsyncGenerator<{ text: string; complete: boolean }> {
  let previous: string | undefined;
  for await (const { text } of linesOf(createReadStream(path, { highWaterMark: 64 * 1024 }))) {
    if (previous !== undefined) yield { text: previous, complete: true };
    previous = text;
  }
  if (previous === undefined) return;
  yield { text: previous, complete: endsWithNewline(path) };
}

function endsWithNewline(path: string): boolean {
  const size = statSync(path).size;
  if (size === 0) return true;
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** Rewrites the file with its successful, complete, first-of-their-id lines only. */
async function keepOnly(path: string, format: 'jsonl' | 'text'): Promise<void> {
  const temporary = `${path}.resume-${process.pid}`;
  const fd = openSync(temporary, 'w', statSync(path).mode & 0o777);
  const seen = new Set<string>();
  try {
    for await (const { text, complete } of outputLines(path)) {
      const line = complete ? readOutputLine(text, format) : undefined;
      if (line === undefined || !line.ok || seen.has(line.customId)) continue;
      seen.add(line.customId);
      writeSync(fd, `${text}\n`);
    }
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
