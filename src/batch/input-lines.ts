// The input, one line at a time, never loaded whole: a 200,000-line file costs one chunk of memory.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export type InputFormat = 'jsonl' | 'text';

export interface InputLine {
  /** 1-based, counting blank lines, as an editor shows them. */
  number: number;
  text: string;
}

/** Lines of a stream of chunks; a multi-byte character split between chunks is kept whole. CR LF is one end. */
export async function* linesOf(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<InputLine> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let number = 0;
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let end = rest.indexOf('\n'); end >= 0; end = rest.indexOf('\n', start)) {
      number += 1;
      yield { number, text: stripCr(rest.slice(start, end)) };
      start = end + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.end();
  if (rest !== '') yield { number: number + 1, text: stripCr(rest) };
}

const stripCr = (text: string): string => (text.endsWith('\r') ? text.slice(0, -1) : text);

/** A file's lines, read in 64 KiB chunks. */
export function fileLines(path: string): AsyncGenerator<InputLine> {
  return linesOf(createReadStream(path, { highWaterMark: 64 * 1024 }));
}

/** JSONL when the first line with anything on it starts with `{`; else each line is a prompt. */
export function detectFormat(firstLine: string): InputFormat {
  return firstLine.trimStart().startsWith('{') ? 'jsonl' : 'text';
}

export const isBlank = (text: string): boolean => text.trim() === '';
