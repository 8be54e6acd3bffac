// The config file as it is on disk: its name, and reading it with a check. A file that cannot be parsed
// is an error, never an empty config that a later write would put in its place.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors/errors.ts';
import { checkConfig, emptyConfig, type ConfigData } from './check.ts';

export const CONFIG_FILE = 'config.json';

/** Reads and checks the file. A file that cannot be parsed is an error, never an empty config to write over. */
export function readConfigFile(path: string): { data: ConfigData; exists: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { data: emptyConfig(), exists: false };
    throw new ConfigError(`cannot read the config file ${path} (${code ?? String(err)})`, {
      hint: 'check its permissions: it should be a file you own, mode 0600',
    });
  }
  // An empty file holds nothing to lose.
  if (text.trim() === '') return { data: emptyConfig(), exists: true };
  // A byte order mark, as some Windows editors save UTF-8: not JSON, but nothing to refuse a file for.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`the config file ${path} is not valid JSON${where(text, err)}`, { hint: invalidHint(path) });
  }
  const { data, problems } = checkConfig(parsed);
  if (problems.length > 0) {
    throw new ConfigError(`the config file ${path} is invalid: ${problems.join('; ')}`, { hint: invalidHint(path) });
  }
  return { data, exists: true };
}

/** Line and column only: V8's own message quotes the file's text, which may hold a key. */
function where(text: string, err: unknown): string {
  const message = (err as Error).message ?? '';
  // V8 names a position for most mistakes; a file cut short is one at its end.
  const position = /at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? String(text.length) : undefined);
  if (position === undefined) return '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

function invalidHint(path: string): string {
  return `fix it by hand, or move it away (mv ${path} ${path}.bak) and run tfy-llm config init; tfy-llm does not overwrite it`;
}
