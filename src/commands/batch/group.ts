// Bare `tfy-llm batch`: which subcommand to run.
import { UsageError } from '../../errors/errors.ts';

export async function execute(): Promise<number> {
  throw new UsageError('batch needs a subcommand: run', { hint: 'tfy-llm batch run prompts.txt -o answers.jsonl (see tfy-llm batch --help)' });
}
