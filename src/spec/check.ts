// Options as commander parsed them → options as the command's spec means them, every problem at once.
import * as z from 'zod/mini';
import { InvalidInput, type Problem } from '../errors/problems.ts';
import type { ArgSpec, CheckedOptions, CommandSpec, Options, RawOptions } from './define.ts';

/** A zod issue as a problem: its message, and the hint a check put in its params. */
export function problemOf(issue: z.core.$ZodIssue): Problem {
  const hint = (issue as { params?: { hint?: unknown } }).params?.hint;
  return { message: issue.message, hint: typeof hint === 'string' ? hint : undefined };
}

/**
 * The checked options, or an InvalidInput naming every bad field and every failed cross-field check.
 * Each flag is checked on its own, so the cross-field checks still run (on the fields that passed)
 * when one failed: every problem is reported in one go.
 */
export function checkOptions<O extends Options, A extends readonly ArgSpec[]>(spec: CommandSpec<O, A>, raw: RawOptions<O>): CheckedOptions<O> {
  const checked: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [key, option] of Object.entries(spec.options)) {
    const result = z.safeParse(option.schema, raw[key]);
    if (!result.success) problems.push(...result.error.issues.map(problemOf));
    else if (result.data !== undefined) checked[key] = result.data;
  }
  spec.refine?.(checked as Partial<CheckedOptions<O>>, (problem) => problems.push(problem));
  if (problems.length > 0) throw new InvalidInput(problems);
  return checked as CheckedOptions<O>;
}
