// tfy-llm batch list: the jobs submitted from here, then the gateway's own batches for the provider
// (newest first; -n how many). --local: the jobs only, nothing sent.
import { requireConnection } from '../../config/settings.ts';
import { connect, settingsFor } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { list as spec } from './spec.ts';
import { listGatewayBatches } from '../../batch-jobs/list.ts';
import { listJobs } from '../../batch-jobs/jobs.ts';
import { note } from '../../terminal/notices.ts';
import { forTerminal } from '../../terminal/safe-text.ts';
import type { BatchView } from '../../batch-jobs/objects.ts';

export async function execute(_args: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const settings = settingsFor(opts, deps);
  const jobs = await listJobs(deps.io.env);
  let batches: { batch: BatchView; raw: unknown }[] = [];
  const provider = opts.provider ?? settings.provider?.value;
  if (!opts.local) {
    const connection = requireConnection(settings);
    if (provider === undefined) {
      note(deps, 'the gateway lists batches per provider: pass --provider <name> (or set TFY_LLM_PROVIDER) to see its batches too');
    } else {
      const connected = await connect(connection, settings, provider, opts, deps);
      batches = await listGatewayBatches(connected, opts.limit ?? 20, deps.signal);
    }
  }
  const { stdout } = deps.io;
  if (opts.json) {
    const body = { jobs, batches: batches.map((seen) => seen.raw) };
    stdout.write(`${JSON.stringify(body, null, stdout.isTTY ? 2 : undefined)}\n`);
    return 0;
  }
  if (jobs.length === 0) stdout.write('no jobs submitted from here\n');
  for (const job of jobs) {
    const source = job.input === '-' ? 'stdin' : job.input;
    const left = job.parts.filter((part) => part.batch_id === null).length;
    const parts = `${job.parts.length} part${job.parts.length === 1 ? '' : 's'}${left === 0 ? '' : ` (${left} not submitted)`}`;
    stdout.write(`${job.id}  ${job.created_at.slice(0, 16).replace('T', ' ')}  ${parts}  ${forTerminal(job.provider)}  ${forTerminal(source)}\n`);
  }
  if (opts.local || provider === undefined) return 0;
  stdout.write(batches.length === 0 ? `no batches on the gateway for provider ${forTerminal(provider)}\n` : `batches on the gateway (provider ${forTerminal(provider)}):\n`);
  for (const { batch } of batches) {
    const when = batch.created_at === undefined ? '' : `  ${new Date(batch.created_at * 1000).toISOString().slice(0, 16).replace('T', ' ')}`;
    const counts = batch.request_counts.total === 0 ? '' : `  ${batch.request_counts.completed + batch.request_counts.failed}/${batch.request_counts.total} done`;
    const from = batch.metadata['tfy_llm_job'] ? `  ${forTerminal(batch.metadata['source_file'] ?? '')} part ${forTerminal(batch.metadata['part'] ?? '?')} (${forTerminal(batch.metadata['tfy_llm_job'])})` : '';
    stdout.write(`${forTerminal(batch.id)}  ${forTerminal(batch.status)}${when}${counts}${from}\n`);
  }
  return 0;
}
