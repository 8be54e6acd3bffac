// The request's `input`: the prompt from words and stdin, attachments, or a whole array from --input-json.
import type { AttachmentPart } from './attachments.ts';
import { readAllBytes, type InStream } from '../terminal/io.ts';
import { HEAD_BYTES, imageType, isPdf } from './file-types.ts';
import { MB, readLocalFile } from './local-file.ts';
import { problem } from '../errors/problems.ts';

export type InputItem = Record<string, unknown>;
export type Input = string | InputItem[];

const NO_PROMPT_HINT = 'pass the prompt as words, or pipe it on stdin: echo "hi" | tfy-llm create -m provider/model';

export interface StdinOptions {
  /** --no-stdin: never read stdin (a loop's `while read` input is not a prompt). */
  enabled: boolean;
  /** `-i -`: stdin is an image, so it is not the prompt's text. */
  isImage: boolean;
}

export interface StdinSource {
  /** The prompt text from stdin: '' for a terminal, --no-stdin, or `-i -`; binary data is refused. */
  text(): Promise<string>;
  /** The bytes of `-i -`. */
  bytes(): Promise<Buffer>;
}

const IMAGE_HINT = 'cat shot.png | tfy-llm create "describe it" -i -';

/** Reads stdin once, and only when it is not a terminal: an open terminal is never waited on. */
export function stdinReader(stdin: InStream, options: StdinOptions = { enabled: true, isImage: false }): StdinSource {
  let read: Promise<Buffer> | undefined;
  const all = (): Promise<Buffer> => (read ??= readAllBytes(stdin));
  return {
    async text() {
      if (!options.enabled || options.isImage || stdin.isTTY) return '';
      const bytes = await all();
      const binary = binaryKind(bytes);
      if (binary) {
        throw problem(`stdin holds ${binary}, not the text of a prompt`, binary.endsWith('image') ? `attach it with -i -: ${IMAGE_HINT}` : 'pipe text in, or attach the file with -i/-f; --no-stdin leaves stdin alone');
      }
      return bytes.toString('utf8');
    },
    async bytes() {
      if (!options.enabled) throw problem('-i - reads the image from stdin, and --no-stdin says not to read it', 'drop one of them');
      if (stdin.isTTY) throw problem('-i - reads the image from stdin, but stdin is a terminal', `pipe the image in: ${IMAGE_HINT}`);
      return await all();
    },
  };
}

/** What binary data is, for a message ("a PNG image"), or undefined when the bytes are text (UTF-8, no NUL). */
export function binaryKind(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, HEAD_BYTES);
  const image = imageType(head);
  if (image) return `a ${image.slice('image/'.length).toUpperCase()} image`;
  if (isPdf(head)) return 'a PDF document';
  if (bytes.includes(0)) return 'binary data';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'binary data (not UTF-8 text)';
  }
  return undefined;
}

/** The words, stdin, or both: stdin text, a blank line, then the words. `-` alone means stdin only. */
export async function promptText(words: readonly string[], readStdin: () => Promise<string>, stdinOff = false): Promise<string> {
  const stdinOnly = words.length === 1 && words[0] === '-';
  if (stdinOnly && stdinOff) throw problem('"-" reads the prompt from stdin, and --no-stdin says not to read it', 'give the prompt as words');
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
export async function inputJson(source: string, readStdin: () => Promise<string>, stdinOff = false, signal?: AbortSignal): Promise<InputItem[]> {
  const named = `--input-json ${source}`;
  if (source === '-' && stdinOff) throw problem('--input-json - reads stdin, and --no-stdin says not to read it', 'give a file instead');
  const text = source === '-' ? await readStdin() : (await readLocalFile(source, { flag: '--input-json', maxBytes: 64 * MB, signal })).toString('utf8');
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

