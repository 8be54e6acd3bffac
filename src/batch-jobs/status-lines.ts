// How a job's batches read on stdout: one line per part, status as the gateway said it (through
// forTerminal: a status this version does not know is shown as is, but can move no cursor).
import { forTerminal } from '../terminal/safe-text.ts';
import type { BatchView } from './objects.ts';
import type { Job, JobPart } from './jobs.ts';

// Enough to see what went wrong; the rest is in the --json object.
const ERRORS_SHOWN = 5;

export function jobHeader(job: Job): string {
  const source = job.input === '-' ? 'stdin' : job.input;
  const parts = `${job.parts.length} part${job.parts.length === 1 ? '' : 's'}`;
  return `${job.id}  ${parts} · ${job.endpoint} · provider ${forTerminal(job.provider)} · ${forTerminal(source)}`;
}

/** The lines for one part (or a lone batch): its status, counts and, when it failed, its first errors. */
export function partLines(batch: BatchView | undefined, part: JobPart | undefined, total: number): string[] {
  const label = part ? `part ${part.index}/${total}  ` : '';
  const range = part ? `  lines ${part.first_line}–${part.last_line}` : '';
  if (!batch) return [`${label}not submitted${range}  (its upload or create failed: tfy-llm batch resume sends it)`];
  const counts = batch.request_counts;
  const done = counts.completed + counts.failed;
  const tally = counts.total === 0 ? '' : `  ${done}/${counts.total} done${counts.failed === 0 ? '' : `, ${counts.failed} failed`}`;
  const lines = [`${label}${forTerminal(batch.id)}  ${forTerminal(batch.status)}${range}${tally}`];
  for (const error of batch.errors.slice(0, ERRORS_SHOWN)) {
    const where = error.line === null ? '' : `line ${error.line}: `;
    lines.push(`    ${where}${forTerminal(error.code)}: ${forTerminal(error.message.replace(/\s+/g, ' ').slice(0, 300))}`);
  }
  if (batch.errors.length > ERRORS_SHOWN) lines.push(`    … and ${batch.errors.length - ERRORS_SHOWN} more errors (--json shows them all)`);
  return lines;
}
