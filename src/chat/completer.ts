// TAB at chat's prompt: slash command names, then model names or paths after the commands that take them.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SLASH_COMMANDS } from './slash-commands.ts';

export type Completer = (line: string) => [string[], string];

export function chatCompleter(models: () => readonly string[], cwd: string): Completer {
  return (line) => {
    if (!line.startsWith('/')) return [[], line];
    const name = /^\/(\S*)$/.exec(line);
    if (name) {
      const hits = SLASH_COMMANDS.map((c) => `/${c.name}`).filter((c) => c.startsWith(line));
      return [hits.length === 1 ? [`${hits[0]} `] : hits, line];
    }
    const withArg = /^\/(\S+)\s+(.*)$/.exec(line);
    const command = SLASH_COMMANDS.find((c) => c.name === withArg?.[1]?.toLowerCase());
    const arg = withArg?.[2] ?? '';
    if (command?.completes === 'model') return [[...new Set(models())].filter((m) => m.startsWith(arg)).sort(), arg];
    if (command?.completes === 'path') return [pathsStarting(arg, cwd), arg];
    return [[], arg];
  };
}

/** Files and folders (with a trailing /) whose path starts with `typed`. */
function pathsStarting(typed: string, cwd: string): string[] {
  const folder = typed.endsWith('/') ? typed : dirname(typed) === '.' && !typed.startsWith('./') ? '' : `${dirname(typed)}/`;
  const base = typed.slice(folder.length);
  try {
    return readdirSync(join(cwd, folder || '.'), { withFileTypes: true })
      .filter((entry) => entry.name.startsWith(base) && (base.startsWith('.') || !entry.name.startsWith('.')))
      .map((entry) => `${folder}${entry.name}${entry.isDirectory() ? '/' : ''}`)
      .sort();
  } catch {
    return [];
  }
}
