// tfy-llm batch cancel [job|batch-id|last]: cancels every part still running. A cancelled batch keeps
// the results of the requests it had run (tfy-llm batch results gets them once it is `cancelled`).
import type { CommandDeps } from '../../spec/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { cancel as spec } from './spec.ts';
import { lookAtParts, openJob } from '../../batch-jobs/open-job.ts';
import { readBatch, RUNNING } from '../../batch-jobs/objects.ts';
import { partLines } from '../../batch-jobs/status-lines.ts';

export async function execute([named]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const open = await openJob(named, opts, deps);
  const { client, guard, baseURL } = open.connected;
  // With --dry-run, the first cancel is printed and nothing is sent (the look before it is skipped).
  const seen = opts.dryRun ? open.target.batchIds.map(() => undefined) : await lookAtParts(open, deps.signal);
  const objects: unknown[] = [];
  const lines: string[] = [];
  for (const [index, id] of open.target.batchIds.entries()) {
    const look = seen[index];
    if (id === null) continue;
    let batch = look?.batch;
    let raw = look?.raw;
    if (!look || RUNNING.has(look.batch.status)) {
      raw = await guard(client.batches.cancel(id, { signal: deps.signal }));
      batch = readBatch(raw, baseURL);
    }
    objects.push(raw);
    lines.push(...partLines(batch, open.target.job?.parts[index], open.target.batchIds.length));
  }
  const { stdout } = deps.io;
  if (opts.json) stdout.write(`${JSON.stringify(open.target.job ? objects : objects[0], null, stdout.isTTY ? 2 : undefined)}\n`);
  else for (const line of lines) stdout.write(`${line}\n`);
  return 0;
}
