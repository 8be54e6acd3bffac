// --background: the response is queued, not finished; show what a script needs to follow it up.
import type { IO } from '../terminal/io.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import { badIdWarning, type PrintOptions, type ResponseMeta } from './print.ts';
import { jsonDocument, type ResponseLike } from './render.ts';

/** `resp_… queued` on stdout (the object itself with --json). How to follow it up is noted by create's afterCreate. */
export function printBackground(response: ResponseLike, meta: ResponseMeta, opts: PrintOptions, io: IO): number {
  badIdWarning(response, opts, io);
  if (opts.json) {
    io.stdout.write(jsonDocument(meta.raw, response, io.stdout.isTTY === true));
    return 0;
  }
  io.stdout.write(`${forTerminal(String(response.id ?? '(no id)'))} ${forTerminal(String(response.status ?? 'unknown'))}\n`);
  return 0;
}
