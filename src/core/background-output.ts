// --background: the response is queued, not finished; show what a script needs to follow it up.
import type { IO } from './io.ts';
import { makeChalk } from './io.ts';
import type { PrintOptions, ResponseMeta } from './output.ts';
import { jsonDocument, type ResponseLike } from './render.ts';

/** `resp_… queued` on stdout (the object itself with --json); on a terminal, how to follow it on stderr. */
export function printBackground(response: ResponseLike, meta: ResponseMeta, opts: PrintOptions, io: IO): number {
  if (opts.json) {
    io.stdout.write(jsonDocument(meta.raw, response, io.stdout.isTTY === true));
    return 0;
  }
  const id = response.id ?? '(no id)';
  io.stdout.write(`${id} ${response.status ?? 'unknown'}\n`);
  if (io.stdout.isTTY) {
    const chalk = makeChalk(io.stderr, io.env, opts.color === false);
    io.stderr.write(`${chalk.dim(`follow it with: tfy-llm retrieve ${id} --wait`)}\n`);
  }
  return 0;
}
