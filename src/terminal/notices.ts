// Talk on stderr: warnings, and the line that says a command is waiting.
import { makeChalk } from './color.ts';
import type { CommonOptions } from '../spec/common.ts';
import type { CommandDeps } from '../spec/deps.ts';
import { forTerminal } from './safe-text.ts';

export type Warn = (text: string) => void;

/** One yellow `warning:` line, coloured like everything else on stderr. */
export function warner(opts: CommonOptions, deps: CommandDeps): Warn {
  return (text) => {
    const chalk = makeChalk(deps.io.stderr, deps.io.env, opts.color === false);
    deps.io.stderr.write(`${chalk.yellow('warning:')} ${forTerminal(text)}\n`);
  };
}

/** A plain line of talk on stderr: something worth knowing that is not a problem. */
export function note(deps: CommandDeps, text: string): void {
  deps.io.stderr.write(`${forTerminal(text)}\n`);
}

/** One dim line on a terminal's stderr when a --wait starts; silent in scripts. */
export function waitingNotice(id: string, opts: CommonOptions, deps: CommandDeps): (status: string) => void {
  let told = false;
  return (status) => {
    if (told || !deps.io.stderr.isTTY) return;
    told = true;
    const chalk = makeChalk(deps.io.stderr, deps.io.env, opts.color === false);
    deps.io.stderr.write(`${chalk.dim(`waiting for ${forTerminal(id)} (${forTerminal(status)})… Ctrl-C stops waiting; the response goes on`)}\n`);
  };
}
