// Prints a finished response in the mode the user asked for: --json, pipe text, or terminal.
import { CliError, ExitCode } from './errors.ts';
import { makeChalk, type IO } from './io.ts';
import { footer, jsonDocument, plainText, type ResponseLike } from './render.ts';

export interface PrintOptions {
  json?: boolean | undefined;
  /** Commander's --no-color sets color to false. */
  color?: boolean | undefined;
}

export interface ResponseMeta {
  /** The raw body as the gateway sent it, for --json. */
  raw: string;
  resolvedModel?: string | undefined;
  elapsedMs: number;
}

/** Writes the response; returns the exit code its status calls for (throws for `failed`). */
export function printResponse(response: ResponseLike, meta: ResponseMeta, opts: PrintOptions, io: IO): number {
  if (opts.json) {
    io.stdout.write(jsonDocument(meta.raw, response, io.stdout.isTTY === true));
  } else {
    io.stdout.write(plainText(response));
    if (io.stdout.isTTY) {
      const chalk = makeChalk(io.stderr, io.env, opts.color === false);
      io.stderr.write(footer(response, { resolvedModel: meta.resolvedModel, elapsedMs: meta.elapsedMs }, chalk));
    }
  }
  return statusExitCode(response, opts, io);
}

/** Parses a body that must be a JSON object; anything else is a clear error, not a parse exception. */
export function parseResponseBody(raw: string): ResponseLike {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as ResponseLike;
  } catch {
    // fall through to the error below
  }
  throw new CliError('the gateway answered with something that is not a JSON response object', {
    hint: 'check that the base URL points at an OpenAI-compatible gateway',
  });
}

function statusExitCode(response: ResponseLike, opts: PrintOptions, io: IO): number {
  if (response.status === 'failed') {
    const why = response.error?.message ?? 'no reason given';
    throw new CliError(`the response ${response.id ?? '(no id)'} failed: ${why}`, { type: 'response_failed' });
  }
  if (response.status === 'incomplete') {
    const chalk = makeChalk(io.stderr, io.env, opts.color === false);
    const reason = response.incomplete_details?.reason ?? 'unknown reason';
    io.stderr.write(`${chalk.yellow('warning:')} the response is incomplete (${reason})\n`);
  }
  return ExitCode.ok;
}
