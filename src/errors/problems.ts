// Bad input is reported all at once: every independent check runs, then one usage error lists what failed.
import { UsageError } from './errors.ts';

export interface Problem {
  message: string;
  hint?: string | undefined;
}

/** A usage error made of several problems: one `error:` line listing them all, and their hints. */
export class InvalidInput extends UsageError {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const hints = [...new Set(problems.flatMap((p) => (p.hint ? [p.hint] : [])))];
    super(problems.map((p) => p.message).join('; '), { hint: hints.length > 0 ? hints.join('; ') : undefined });
    this.name = 'InvalidInput';
    this.problems = problems;
  }
}

export function problem(message: string, hint?: string): InvalidInput {
  return new InvalidInput([{ message, hint }]);
}

/** The problems a thrown usage error stands for; anything else is not a usage problem and is rethrown. */
function problemsOf(err: unknown): readonly Problem[] {
  if (err instanceof InvalidInput) return err.problems;
  if (err instanceof UsageError) return [{ message: err.message, hint: err.hint }];
  throw err;
}

/**
 * Runs each check in turn (in order: some read stdin), keeps going past usage errors, and throws one
 * InvalidInput with all of them at the end. Returns the checks' results in order.
 */
export async function checkAll<T extends readonly unknown[]>(checks: { [K in keyof T]: () => T[K] | Promise<T[K]> }): Promise<T> {
  const results: unknown[] = [];
  const problems: Problem[] = [];
  for (const check of checks) {
    try {
      // A check that answers at once is not awaited: a batch runs these for every line, twice.
      const result = check();
      results.push(result instanceof Promise ? await result : result);
    } catch (err) {
      problems.push(...problemsOf(err));
      results.push(undefined);
    }
  }
  if (problems.length > 0) throw new InvalidInput(problems);
  return results as unknown as T;
}
