// Prints a finished response in the mode the user asked for: --json, plain text (a pipe or --text),
// or rendered for reading on a terminal.
import { CliError, ExitCode, oneLine } from '../errors/errors.ts';
import { scrub } from '../terminal/redact.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import { makeChalk } from '../terminal/color.ts';
import type { IO } from '../terminal/io.ts';
import { footer, jsonDocument, outputText, plainText, type ResponseLike } from './render.ts';
import { pipeNotes, terminalDocument } from './render-items.ts';
import { saneResponse } from './sane.ts';

export interface PrintOptions {
  json?: boolean | undefined;
  /** --text: the plain text even on a terminal. */
  text?: boolean | undefined;
  /** Commander's --no-color sets color to false. */
  color?: boolean | undefined;
}

export interface ResponseMeta {
  /** The raw body as the gateway sent it, for --json. */
  raw: string;
  resolvedModel?: string | undefined;
  /** The gateway's request id, named in the error of a `failed` response. */
  requestId?: string | undefined;
  elapsedMs: number;
  /** Keys to remove from the gateway's own words (a failure's message, an incomplete reason) before they are shown. */
  secrets?: readonly string[] | undefined;
  /** A stream delivered output as it went, whatever the final event's `output` says. */
  streamedOutput?: boolean | undefined;
}

/** Ends that may come with no output at all: the error on stderr says so, and stdout stays empty. */
const NO_ANSWER = new Set(['failed', 'cancelled', 'completed']);

export type OutputMode = 'json' | 'text' | 'terminal';

/** --json wins; then plain text in a pipe or with --text; Markdown rendering only for a terminal. */
export function outputMode(opts: PrintOptions, io: IO): OutputMode {
  if (opts.json) return 'json';
  return opts.text || !io.stdout.isTTY ? 'text' : 'terminal';
}

/**
 * Writes the response; resolves to the exit code its status calls for (rejects for `failed`).
 * Async because the Markdown renderer is loaded only when a terminal needs it.
 */
export async function printResponse(response: ResponseLike, meta: ResponseMeta, opts: PrintOptions, io: IO): Promise<number> {
  const mode = outputMode(opts, io);
  // A failed response with nothing to show prints nothing: its error says it all (on stderr).
  if (mode !== 'json' && NO_ANSWER.has(response.status ?? '') && (response.output ?? []).length === 0) return finishResponse(response, meta, opts, io);
  if (mode === 'json') {
    io.stdout.write(jsonDocument(meta.raw, response, io.stdout.isTTY === true));
  } else if (mode === 'text') {
    io.stdout.write(plainText(response));
    io.stderr.write(pipeNotes(response.output ?? [], makeChalk(io.stderr, io.env, opts.color === false)));
  } else {
    const chalk = makeChalk(io.stdout, io.env, opts.color === false);
    const { loadMarkdown, hasFencedCode } = await import('./markdown.ts');
    const markdown = await loadMarkdown(chalk, io.env);
    if (hasFencedCode(outputText(response))) await markdown.loadHighlighter();
    const columns = io.stdout.columns || 80;
    io.stdout.write(terminalDocument(response.output ?? [], chalk, (text) => markdown.render(text, columns)));
  }
  return finishResponse(response, meta, opts, io);
}

/** After the output: the footer on a terminal, a warning when incomplete; throws when failed. */
export function finishResponse(response: ResponseLike, meta: Omit<ResponseMeta, 'raw'>, opts: PrintOptions, io: IO): number {
  badIdWarning(response, opts, io);
  if (!opts.json && io.stdout.isTTY) {
    const chalk = makeChalk(io.stderr, io.env, opts.color === false);
    io.stderr.write(footer(response, { resolvedModel: meta.resolvedModel, elapsedMs: meta.elapsedMs }, chalk));
  }
  return statusExitCode(response, meta, opts, io);
}

/** An id the server sent that cannot be one (see untrusted.ts) was dropped: say so, once, on stderr. */
export function badIdWarning(response: ResponseLike & { badId?: true }, opts: PrintOptions, io: IO): void {
  if (!response.badId) return;
  const chalk = makeChalk(io.stderr, io.env, opts.color === false);
  io.stderr.write(`${chalk.yellow('warning:')} the gateway gave this response an id that is not a valid response id (letters, digits, "_" and "-", at most 256): it is not shown, stored in the history or used\n`);
}

/** Parses a body that must be a JSON object; anything else is a clear error, not a parse exception. */
export function parseResponseBody(raw: string): ResponseLike {
  try {
    const parsed: unknown = JSON.parse(raw);
    // Every field is checked before anything reads it; --json prints the raw body as it came.
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return saneResponse(parsed);
  } catch {
    // fall through to the error below
  }
  throw new CliError('the gateway answered with something that is not a JSON response object', {
    hint: 'check that the base URL points at an OpenAI-compatible gateway',
  });
}

function statusExitCode(response: ResponseLike, meta: Omit<ResponseMeta, 'raw'>, opts: PrintOptions, io: IO): number {
  // The gateway's words go on one line, and never with a key in them.
  const said = (text: string): string => forTerminal(scrub(oneLine(text), meta.secrets ?? []));
  if (response.status === 'failed') {
    const why = said(response.error?.message ?? 'no reason given');
    throw new CliError(`the response ${response.id ?? '(no id)'} failed: ${why}`, { type: 'response_failed', requestId: meta.requestId });
  }
  if (response.status === 'cancelled') {
    throw new CliError(`the response ${response.id ?? '(no id)'} was cancelled before it finished`, {
      type: 'response_cancelled',
      requestId: meta.requestId,
      hint: (response.output ?? []).length > 0 ? 'what it had written by then is above' : undefined,
    });
  }
  if (response.status === 'completed' && (response.output ?? []).length === 0 && !meta.streamedOutput) {
    throw new CliError(`the response ${response.id ?? '(no id)'} completed with no output`, {
      type: 'empty_response',
      requestId: meta.requestId,
      hint: 'try again; if it keeps happening, the gateway or its provider is dropping the answer',
    });
  }
  if (response.status === 'incomplete') {
    const chalk = makeChalk(io.stderr, io.env, opts.color === false);
    const reason = said(response.incomplete_details?.reason ?? 'unknown reason');
    io.stderr.write(`${chalk.yellow('warning:')} the response is incomplete (${reason})\n`);
  }
  return ExitCode.ok;
}
