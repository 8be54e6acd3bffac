// Where a chat reads from: a person at a terminal gets the line editor (and its ↑ history, TAB
// completion and $EDITOR); anything else is read line by line, or NUL by NUL with -0.
import type { ProfileReader } from '../config/settings.ts';
import { listEntries } from '../history/read.ts';
import { makeChalk } from '../terminal/color.ts';
import type { IO } from '../terminal/io.ts';
import { lineSource, type MessageSource } from './source.ts';

export interface SourceOptions {
  /** -0: NUL-separated messages on a pipe. */
  nul: boolean;
  noColor: boolean;
  /** Masked in the ↑ history file. */
  secrets: readonly string[];
  say(text: string): void;
  /** The history file, for /model's completion. */
  historyPath: string;
  currentModel(): string;
}

export async function openSource(io: IO, cwd: string, profiles: ProfileReader | undefined, options: SourceOptions): Promise<MessageSource> {
  const { isTerminalPair, terminalSource } = await import('./terminal-source.ts');
  const pair = { input: io.stdin, output: io.stderr };
  if (!isTerminalPair(pair)) return lineSource(io.stdin, options.nul ? '\0' : '\n');
  const [{ chatCompleter }, { inputHistory }, { editMessage }] = await Promise.all([import('./completer.ts'), import('./input-history.ts'), import('./editor.ts')]);
  // Read once, in the background: completion offers what is known by the time TAB is pressed.
  let known: string[] = [];
  void modelsSeen(options.historyPath).then((list) => (known = list));
  const warn = (text: string): void => options.say(`warning: ${text}`);
  return terminalSource(pair.input, pair.output, {
    history: inputHistory(io.env, profiles, options.secrets, warn),
    completer: chatCompleter(() => [options.currentModel(), ...known], cwd),
    chalk: makeChalk(io.stderr, io.env, options.noColor),
    edit: () => editMessage(io.env),
  });
}

/** The models of the newest responses in the history; none when it cannot be read (completion only helps). */
async function modelsSeen(path: string): Promise<string[]> {
  const entries = await listEntries(path, 200, () => {}).catch(() => []);
  return entries.map((e) => e.model);
}
