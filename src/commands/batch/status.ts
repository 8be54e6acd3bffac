// tfy-llm batch status [job|batch-id|last]: each part's batch, as the gateway sees it; --wait polls
// (with backoff, a progress bar on a terminal) until every part has ended, --timeout bounding the wait.
import type { BatchDeps } from '../../batch-jobs/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { status as spec } from './spec.ts';
import { lookAtParts, openJob } from '../../batch-jobs/open-job.ts';
import { waitForBatches } from '../../batch-jobs/poll.ts';
import { progressBar } from '../../batch-jobs/progress.ts';
import { jobHeader, partLines } from '../../batch-jobs/status-lines.ts';

export async function execute([named]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: BatchDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const open = await openJob(named, opts, deps);
  let seen = await lookAtParts(open, deps.signal);
  if (opts.wait) {
    const present = seen.filter((look) => look !== undefined);
    const progress = progressBar(deps.io.stderr, opts.json !== true);
    try {
      const waited = await waitForBatches(open.connected, present, {
        signal: deps.signal,
        now: deps.now,
        limitMs: opts.timeout === undefined ? undefined : opts.timeout * 1000,
        firstDelayMs: deps.batchPollMs,
        onRound: (batches) => progress.update(batches),
      });
      let next = 0;
      seen = seen.map((look) => (look === undefined ? undefined : waited[next++]));
    } finally {
      progress.done();
    }
  }
  const { stdout } = deps.io;
  const { job } = open.target;
  if (opts.json) {
    const objects = seen.filter((look) => look !== undefined).map((look) => look.raw);
    stdout.write(`${JSON.stringify(job ? objects : objects[0], null, stdout.isTTY ? 2 : undefined)}\n`);
    return 0;
  }
  if (job) stdout.write(`${jobHeader(job)}\n`);
  seen.forEach((look, index) => {
    for (const line of partLines(look?.batch, job?.parts[index], job?.parts.length ?? 1)) stdout.write(`${line}\n`);
  });
  return 0;
}
