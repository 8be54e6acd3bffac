// /edit: a long message written in $VISUAL or $EDITOR, in a private temporary file removed afterwards.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors/errors.ts';
import type { Env } from '../terminal/io.ts';

/** Runs the editor on the terminal (it takes over stdin and stdout until it exits); the text it left, trimmed. */
export function editMessage(env: Env): string | undefined {
  const editor = env.VISUAL || env.EDITOR || 'vi';
  const folder = mkdtempSync(join(env.TMPDIR || tmpdir(), 'tfy-llm-chat-'));
  const file = join(folder, 'message.md');
  try {
    writeFileSync(file, '', { mode: 0o600 });
    // Through the shell, as git does: EDITOR may carry arguments ("code --wait").
    const run = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit', env: { ...env } });
    if (run.error || run.status !== 0) {
      throw new UsageError(`the editor (${editor}) ${run.error ? `could not start: ${run.error.message}` : `exited with ${run.status ?? run.signal}`}; nothing was sent`, {
        hint: 'set VISUAL or EDITOR to the editor to use',
      });
    }
    const text = readFileSync(file, 'utf8').replace(/\s+$/, '');
    return text.trim() === '' ? undefined : text;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
