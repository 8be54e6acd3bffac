// Questions on a terminal. Commands get a Prompter through deps, so tests answer them in-process;
// the real one loads inquirer only when the first question is asked.
import { interruptedError } from '../errors/errors.ts';
import type { IO } from './io.ts';

export type Validate = (value: string) => true | string;

export interface Choice<T extends string> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  input(question: { message: string; default?: string | undefined; validate?: Validate }): Promise<string>;
  /** Masked: what is typed is shown as `*`, never echoed. */
  password(question: { message: string; validate?: Validate }): Promise<string>;
  select<T extends string>(question: { message: string; choices: Choice<T>[]; default?: T | undefined }): Promise<T>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
  /** A list filtered as the user types: `source` gives the choices for what is typed so far. */
  search<T extends string>(question: { message: string; source: (term: string | undefined) => Choice<T>[]; pageSize?: number }): Promise<T>;
}

/**
 * inquirer's own prompts (@inquirer/input, password, select, confirm, search: only the kinds asked, not
 * the legacy `inquirer` wrapper and its encodings) on the command's own streams; questions go to
 * stderr so stdout stays data. Each loads when its first question is asked.
 */
export function inquirerPrompter(io: IO): Prompter {
  const context = { input: io.stdin as NodeJS.ReadableStream, output: io.stderr as unknown as NodeJS.WritableStream };
  const ask = async <T>(question: () => Promise<T>): Promise<T> => {
    try {
      return await question();
    } catch (err) {
      // Ctrl-C or Ctrl-D at a question: stop, nothing saved.
      if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) {
        throw interruptedError('interrupted: nothing was saved');
      }
      throw err;
    }
  };
  // The prompts take a missing field, not an undefined one.
  const withoutUndefined = <T extends object>(question: T): { [K in keyof T]: Exclude<T[K], undefined> } =>
    Object.fromEntries(Object.entries(question).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
  return {
    input: (q) => ask(async () => (await import('@inquirer/input')).default(withoutUndefined(q), context)),
    password: (q) => ask(async () => (await import('@inquirer/password')).default({ mask: '*', ...withoutUndefined(q) }, context)),
    select: (q) => ask(async () => (await import('@inquirer/select')).default(withoutUndefined(q), context)),
    confirm: (q) => ask(async () => (await import('@inquirer/confirm')).default(withoutUndefined(q), context)),
    search: (q) => ask(async () => (await import('@inquirer/search')).default(withoutUndefined(q), context)),
  };
}
