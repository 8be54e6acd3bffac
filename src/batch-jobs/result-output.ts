// Where `batch results` writes: stdout, or -o FILE, written beside it under a temporary name and
// renamed into place at the end, so the file is either the whole merge or the one that was there.
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../errors/errors.ts';
import type { CommandDeps } from '../spec/deps.ts';
import type { ResultLine } from './results.ts';
import { isRecord } from './objects.ts';
import { jsonlLine, outputText, textLine } from '../batch/output-format.ts';

export interface ResultOutput {
  write(line: ResultLine): Promise<void>;
  finish(): Promise<void>;
  abandon(): Promise<void>;
}

const FLUSH_CHARS = 256 * 1024;

/**
 * The line as written: JSONL, or with --text `custom_id<TAB>text` as `batch run --text` writes it (a failed
 * request has no text: it is left out, and counted on stderr by the caller).
 */
export function formatResult(line: ResultLine, text: boolean): string | undefined {
  if (!text) return jsonlLine(line);
  if (line.error !== null) return undefined;
  return textLine(line.custom_id, answerText(line.response?.body));
}

/** A Responses answer's text, or a chat completion's first choice. */
function answerText(body: unknown): string {
  const text = outputText(body);
  if (text !== '' || !isRecord(body) || !Array.isArray(body['choices'])) return text;
  const message = isRecord(body['choices'][0]) ? body['choices'][0]['message'] : undefined;
  return isRecord(message) && typeof message['content'] === 'string' ? message['content'] : '';
}

export async function openOutput(path: string | undefined, deps: CommandDeps, text = false): Promise<ResultOutput> {
  if (path === undefined || path === '-') {
    return {
      async write(line) {
        const formatted = formatResult(line, text);
        if (formatted !== undefined) deps.io.stdout.write(formatted);
      },
      async finish() {},
      async abandon() {},
    };
  }
  const target = resolve(deps.cwd, path);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  const file = await open(temporary, 'w').catch((err: unknown) => {
    throw new CliError(`could not write ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { type: 'output_error' });
  });
  let pending: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (pending.length > 0) await file.write(pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    async write(line) {
      const formatted = formatResult(line, text);
      if (formatted === undefined) return;
      pending.push(formatted);
      size += formatted.length;
      if (size >= FLUSH_CHARS) await flush();
    },
    async finish() {
      await flush();
      await file.close();
      await rename(temporary, target);
    },
    async abandon() {
      await file.close().catch(() => undefined);
      await rm(temporary, { force: true });
    },
  };
}
