// A part's output and error files, downloaded and read line by line as they arrive (an output file
// can be hundreds of megabytes: it is never held whole), each line checked and turned into the shared
// output shape {id, custom_id, response: {status_code, request_id, body} | null, error: {code, message} | null}.
// A custom_id seen twice keeps its first line; one that is not in the input is dropped and counted.
import type { Connected } from '../http/connect.ts';
import { CliError } from '../errors/errors.ts';
import { isRecord } from './objects.ts';
import type { BatchOutputLine } from '../batch/output-format.ts';

/** A line of the shared output format: what `batch run` writes. */
export type ResultLine = BatchOutputLine;

export interface MergeTally {
  written: number;
  failed: number;
  /** Lines for a custom_id not in the part, or one already written. */
  strays: number;
}

/** A line longer than this is not a result: a gateway sending one is broken. */
export const MAX_LINE_CHARS = 128 * 1024 * 1024;

/** Streams one file's lines into `write`, for the ids `wanted` not yet in `seen`. */
export async function mergeFile(
  connected: Connected,
  fileId: string,
  wanted: ReadonlySet<string>,
  seen: Set<string>,
  write: (line: ResultLine) => Promise<void>,
  signal: AbortSignal | undefined,
  maxLineChars = MAX_LINE_CHARS,
): Promise<MergeTally> {
  const response = await connected.guard(connected.client.files.content(fileId, { signal }));
  const type = response.headers.get('content-type') ?? '';
  const tally: MergeTally = { written: 0, failed: 0, strays: 0 };
  let lineNumber = 0;
  const take = async (text: string): Promise<void> => {
    lineNumber += 1;
    if (text.trim() === '') return;
    if (lineNumber === 1 && (/text\/html/i.test(type) || text.trimStart().startsWith('<'))) {
      throw notJsonl(fileId, 'an HTML page', connected.baseURL);
    }
    const line = readResultLine(text);
    if (!line) throw notJsonl(fileId, `line ${lineNumber} that is not a batch result`, connected.baseURL);
    if (!wanted.has(line.custom_id) || seen.has(line.custom_id)) {
      tally.strays += 1;
      return;
    }
    seen.add(line.custom_id);
    tally.written += 1;
    if (!succeeded(line)) tally.failed += 1;
    await write(line);
  };
  // The start of the current line, in pieces: only each new piece is searched for its end, so a long
  // line costs its length once, not once per chunk.
  let pieces: string[] = [];
  let pending = 0;
  const decoder = new TextDecoder();
  const feed = async (text: string): Promise<void> => {
    let start = 0;
    let newline: number;
    while ((newline = text.indexOf('\n', start)) !== -1) {
      pieces.push(text.slice(start, newline));
      await take(pieces.join(''));
      pieces = [];
      pending = 0;
      start = newline + 1;
    }
    const tail = text.slice(start);
    pending += tail.length;
    if (pending > maxLineChars) throw notJsonl(fileId, `a line longer than ${formatChars(maxLineChars)}`, connected.baseURL);
    if (tail !== '') pieces.push(tail);
  };
  for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) await feed(decoder.decode(chunk, { stream: true }));
  await feed(decoder.decode());
  if (pieces.length > 0) await take(pieces.join(''));
  return tally;
}

export function succeeded(line: ResultLine): boolean {
  return line.error === null;
}

/** One line of an output or error file in the shared shape, or undefined if it is not one. */
export function readResultLine(text: string): ResultLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value['custom_id'] !== 'string' || value['custom_id'] === '') return undefined;
  const response = isRecord(value['response']) ? value['response'] : null;
  const error = isRecord(value['error']) ? value['error'] : null;
  const status = response?.['status_code'];
  if (response && !(typeof status === 'number' && Number.isInteger(status))) return undefined;
  if (!response && !error) return undefined;
  const body = response?.['body'] ?? null;
  return {
    id: typeof value['id'] === 'string' ? value['id'] : '',
    custom_id: value['custom_id'],
    response: response ? { status_code: status as number, request_id: typeof response['request_id'] === 'string' ? response['request_id'] : null, body } : null,
    error: error
      ? { code: typeof error['code'] === 'string' ? error['code'] : 'error', message: typeof error['message'] === 'string' ? error['message'] : '' }
      : httpError(status as number, body),
  };
}

/**
 * The error file's lines carry a failed request as a non-2xx response with `error: null`; in the
 * shared format a line failed exactly when `error` is set (as `batch run` writes it), so the
 * gateway's own error object is lifted into `error` and the response kept as it came.
 */
function httpError(status: number, body: unknown): ResultLine['error'] {
  if (status >= 200 && status < 300) return null;
  const inner = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
  return {
    code: typeof inner['code'] === 'string' ? inner['code'] : typeof inner['type'] === 'string' ? inner['type'] : `http_${status}`,
    message: typeof inner['message'] === 'string' ? inner['message'] : `the request failed with HTTP ${status}`,
  };
}

function formatChars(chars: number): string {
  return chars >= 1024 * 1024 ? `${Math.round(chars / 1024 / 1024)} M characters` : `${chars} characters`;
}

function notJsonl(fileId: string, what: string, baseURL: string): CliError {
  return new CliError(`the gateway sent ${what} as the content of ${fileId}, not JSONL results (${baseURL})`, {
    type: 'invalid_response',
    hint: 'try again later; if it persists, the gateway or a proxy in front of it is misbehaving',
  });
}
