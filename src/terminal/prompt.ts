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
}

/** inquirer on the command's own streams; questions go to stderr so stdout stays data. */
export function inquirerPrompter(io: IO): Prompter {
  const ask = async <T>(question: Record<string, unknown>): Promise<T> => {
    const { createPromptModule } = (await import('inquirer')).default;
    const prompt = createPromptModule({
      input: io.stdin as NodeJS.ReadableStream,
      output: io.stderr as unknown as NodeJS.WritableStream,
    });
    try {
      const answers = (await prompt([{ ...question, name: 'answer' } as never])) as { answer: T };
      return answers.answer;
    } catch (err) {
      // Ctrl-C or Ctrl-D at a question: stop, nothing saved.
      if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) {
        throw interruptedError('interrupted: nothing was saved');
      }
      throw err;
    }
  };
  return {
    input: (q) => ask<string>({ type: 'input', ...q }),
    password: (q) => ask<string>({ type: 'password', mask: '*', ...q }),
    select: (q) => ask({ type: 'select', ...q }),
    confirm: (q) => ask<boolean>({ type: 'confirm', ...q }),
  };
}
