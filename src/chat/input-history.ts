// The ↑/↓ history of chat's prompt, kept across sessions beside the config file: one JSON string per
// line, appended as each message is sent (two sessions at once both keep theirs), mode 0600, capped.
// Off with the response history (`config set history off`, TFY_LLM_HISTORY=off).
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { configDir } from '../config/paths.ts';
import type { ProfileReader } from '../config/settings.ts';
import { historyEnabled } from '../history/store.ts';
import { scrub } from '../terminal/redact.ts';
import type { Env } from '../terminal/io.ts';

export const INPUT_HISTORY_FILE = 'chat-history.jsonl';
/** Entries kept; the file is trimmed back to this when it has grown to twice as many. */
export const INPUT_HISTORY_CAP = 500;

export interface InputHistory {
  /** Oldest first. */
  load(): Promise<string[]>;
  add(entry: string): Promise<void>;
}

const off: InputHistory = { load: async () => [], add: async () => {} };

export function inputHistory(env: Env, profiles: ProfileReader | undefined, secrets: readonly string[], warn: (text: string) => void): InputHistory {
  if (!historyEnabled(env, profiles)) return off;
  const path = join(configDir(env), INPUT_HISTORY_FILE);
  let failed = false;
  const fail = (err: unknown): void => {
    if (failed) return;
    failed = true;
    warn(`could not keep the chat history (${path}): ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  };
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') fail(err);
        return [];
      }
      const entries = text.split('\n').flatMap((line) => {
        try {
          const value: unknown = JSON.parse(line);
          return typeof value === 'string' ? [value] : [];
        } catch {
          return [];
        }
      });
      if (entries.length > 2 * INPUT_HISTORY_CAP) await trim(path, entries.slice(-INPUT_HISTORY_CAP)).catch(fail);
      return entries.slice(-INPUT_HISTORY_CAP);
    },
    async add(entry) {
      // A key pasted into a message is not kept in a file.
      const line = `${JSON.stringify(scrub(entry, secrets))}\n`;
      try {
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await appendFile(path, line, { mode: 0o600, flag: 'a' });
      } catch (err) {
        fail(err);
      }
    },
  };
}

async function trim(path: string, entries: string[]): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
  await rename(temporary, path);
}
