// The end of `batch submit` and `batch resume`, alike: a part-way failure says what is recorded and
// how to finish; success says how many were submitted, waits with --wait, and prints the job id (the
// job with its batches, with --json).
import type { Connected } from '../http/connect.ts';
import type { CommonOptions } from '../spec/common.ts';
import { note } from '../terminal/notices.ts';
import type { BatchDeps } from './deps.ts';
import type { Job } from './jobs.ts';
import type { BatchView } from './objects.ts';
import { waitForBatches } from './poll.ts';
import { progressBar } from './progress.ts';
import { partLines } from './status-lines.ts';

/** Told when a submit stops part-way: what exists, and the command that sends the rest. */
export function partWayNote(job: Job, deps: BatchDeps): void {
  const done = job.parts.filter((part) => part.batch_id !== null).length;
  note(deps, `${job.id} is recorded with ${done} of ${job.parts.length} part${job.parts.length === 1 ? '' : 's'} submitted; the rest: tfy-llm batch resume ${job.id}`);
}

export async function reportSubmitted(
  job: Job,
  batches: BatchView[],
  connected: Connected,
  opts: CommonOptions & { wait?: boolean | undefined },
  deps: BatchDeps,
): Promise<number> {
  const total = job.parts.reduce((sum, part) => sum + part.requests, 0);
  note(deps, `submitted ${total} request${total === 1 ? '' : 's'} in ${job.parts.length} part${job.parts.length === 1 ? '' : 's'} as ${job.id}`);
  let seen = batches.map((batch) => ({ batch, raw: undefined as unknown }));
  if (opts.wait) {
    const progress = progressBar(deps.io.stderr, opts.json !== true);
    try {
      seen = await waitForBatches(connected, seen, {
        signal: deps.signal,
        now: deps.now,
        limitMs: opts.timeout === undefined ? undefined : opts.timeout * 1000,
        firstDelayMs: deps.batchPollMs,
        onRound: (views) => progress.update(views),
      });
    } finally {
      progress.done();
    }
    seen.forEach((look) => {
      const index = job.parts.findIndex((part) => part.batch_id === look.batch.id);
      partLines(look.batch, job.parts[index], job.parts.length).forEach((line) => note(deps, line));
    });
  }
  const { stdout } = deps.io;
  if (opts.json) stdout.write(`${JSON.stringify({ ...job, batches: seen.map((look) => look.batch) }, null, stdout.isTTY ? 2 : undefined)}\n`);
  else stdout.write(`${job.id}\n`);
  return 0;
}
