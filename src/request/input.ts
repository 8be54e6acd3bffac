// The request's `input`: the prompt from words and stdin, attachments, or a whole array from --input-json.
import type { AttachmentPart } from './attachments.ts';
import { readAll, type InStream } from '../terminal/io.ts';
import { MB, readLocalFile } from './local-file.ts';
import { problem } from '../errors/problems.ts';

export type InputItem = Record<string, unknown>;
export type Input = string | InputItem[];

const NO_PROMPT_HINT = 'pass the prompt as words, or pipe it on stdin: echo "hi" | tfy-llm create -m provider/model';

/** Reads stdin once, and only when it is not a terminal: an open terminal is never waited on. */
export function stdinReader(stdin: InStream): () => Promise<string> {
  let text: Promise<string> | undefined;
  return () => (text ??= stdin.isTTY ? Promise.resolve('') : readAll(stdin));
}

/** The words, stdin, or both: stdin text, a blank line, then the words. `-` alone means stdin only. */
export async function promptText(words: readonly string[], readStdin: () => Promise<string>): Promise<string> {
  const stdinOnly = words.length === 1 && words[0] === '-';
  const typed = stdinOnly ? '' : words.join(' ');
  const piped = (await readStdin()).replace(/\s+$/, '');
  const prompt = piped && typed ? `${piped}\n\n${typed}` : piped || typed;
  if (!prompt.trim()) throw problem('no prompt given', NO_PROMPT_HINT);
  return prompt;
}

/** One user message: the text first, then images and files in command-line order. Text alone stays a string. */
export function userInput(text: string, parts: readonly AttachmentPart[]): Input {
  if (parts.length === 0) return text;
  return [{ role: 'user', content: [{ type: 'input_text', text }, ...parts] }];
}

/** --input-json <file|->: the whole input array, replacing the prompt and attachments. */
export async function inputJson(source: string, readStdin: () => Promise<string>): Promise<InputItem[]> {
  const named = `--input-json ${source}`;
  const text = source === '-' ? await readStdin() : (await readLocalFile(source, { flag: '--input-json', maxBytes: 64 * MB })).toString('utf8');
  if (!text.trim()) throw problem(`${named}: ${source === '-' ? 'nothing on stdin' : 'the file is empty'}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw problem(`${named}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw problem(`${named}: expected a JSON array of input items`, 'e.g. [{"role": "user", "content": "hi"}]');
  if (parsed.length === 0) throw problem(`${named}: the input array is empty`);
  const notObject = parsed.findIndex((item) => item === null || typeof item !== 'object' || Array.isArray(item));
  if (notObject >= 0) throw problem(`${named}: item ${notObject} is not a JSON object`);
  return parsed as InputItem[];
}

