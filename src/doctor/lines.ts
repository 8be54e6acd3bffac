// One check as one line: a mark, the check's name, what was found and, when it did not pass, the fix.
// doctor prints them as a table (names padded to one width); config init's test lists them inline.
import type { ChalkInstance } from 'chalk';
import { forTerminal } from '../terminal/safe-text.ts';
import type { Check } from './local.ts';

const MARKS = { ok: '✓', warn: '!', fail: '✗', skip: '-' } as const;

/** `✓ name  detail → fix: …`; with `width` the names are padded to it, without it they end with a colon. */
export function checkLine(check: Check, chalk: ChalkInstance, width?: number): string {
  const colour = { ok: chalk.green, warn: chalk.yellow, fail: chalk.red, skip: chalk.dim }[check.status];
  const fix = check.fix && check.status !== 'ok' ? ` ${chalk.dim('→ fix:')} ${forTerminal(check.fix)}` : '';
  const name = width === undefined ? `${check.name}:` : `${check.name.padEnd(width)} `;
  return `${colour(MARKS[check.status])} ${name} ${forTerminal(check.detail)}${fix}`;
}
