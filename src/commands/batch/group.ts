// Bare `tfy-llm batch`: which subcommand to run.
import { UsageError } from '../../errors/errors.ts';

export async function execute(): Promise<number> {
  throw new UsageError('batch needs a subcommand: run, submit, status, results, cancel or list', { hint: 'tfy-llm batch run prompts.txt -o answers.jsonl, or tfy-llm batch submit prompts.txt (see tfy-llm batch --help)' });
}
