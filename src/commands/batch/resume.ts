// tfy-llm batch resume [job|last]: a submit that stopped part-way left its job recorded and the parts it
// did not submit on disk (batch-jobs/part-files.ts); this uploads and creates those, to the gateway the
// job went to, and then ends as submit does. --dry-run: which parts would be sent, nothing sent.
import { requireConnection } from '../../config/settings.ts';
import { CliError, ExitCode, UsageError } from '../../errors/errors.ts';
import { connect, settingsFor, UNWATCHED_BATCH } from '../../http/connect.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { safeBaseURL } from '../../history/store.ts';
import type { BatchDeps } from '../../batch-jobs/deps.ts';
import { resolveJobTarget } from '../../batch-jobs/job-target.ts';
import { partsDir, removeSubmitted, unsubmittedParts } from '../../batch-jobs/part-files.ts';
import { formatBytes } from '../../batch-jobs/parts.ts';
import { partWayNote, reportSubmitted } from '../../batch-jobs/submitted.ts';
import { uploadAndCreate } from '../../batch-jobs/upload.ts';
import { readBatch, type BatchView } from '../../batch-jobs/objects.ts';
import { listGatewayBatches } from '../../batch-jobs/list.ts';
import { JOB_ID, saveJob, type Job } from '../../batch-jobs/jobs.ts';
import type { Connected } from '../../http/connect.ts';
import { forTerminal } from '../../terminal/safe-text.ts';
import { note } from '../../terminal/notices.ts';
import { resume as spec } from './spec.ts';

export async function execute([named]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: BatchDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const settings = settingsFor(opts, deps);
  const connection = opts.dryRun ? undefined : requireConnection(settings);
  const env = deps.io.env;
  const value = (named ?? 'last').trim();
  if (value !== 'last' && !JOB_ID.test(value)) {
    throw new UsageError(`batch resume takes a job recorded here (job_…, or last), not ${forTerminal(JSON.stringify(value.slice(0, 60)))}`, { hint: 'tfy-llm batch list --local shows the jobs recorded here' });
  }
  const { job } = await resolveJobTarget(value, settings, env, undefined).catch((err: unknown) => {
    // (resolveJobTarget's hint for "last" also offers a batch id, which resume does not take.)
    throw err instanceof UsageError ? new UsageError(err.message, { hint: 'tfy-llm batch submit <input> starts a job; tfy-llm batch list --local shows the jobs recorded here' }) : err;
  });
  if (!job) throw new UsageError('batch resume takes a job recorded here (job_…, or last)');
  const left = job.parts.filter((part) => part.batch_id === null);
  if (left.length === 0) {
    note(deps, `${job.id}: every part is submitted already; nothing to resume (tfy-llm batch status ${job.id})`);
    await removeSubmitted(partsDir(env, job.id), job);
    return ExitCode.ok;
  }
  // The job's batches are on the gateway it was submitted to: the rest must go there too.
  const now = safeBaseURL(settings.baseURL?.value ?? '');
  if (now !== job.base_url) {
    throw new CliError(`${job.id} was submitted to ${forTerminal(job.base_url)}, but the base URL now is ${forTerminal(now || '(none)')}`, {
      exitCode: ExitCode.config,
      type: 'config_error',
      hint: job.profile === null ? 'use the settings the job was submitted with' : `use its profile: tfy-llm batch resume ${job.id} --profile ${forTerminal(job.profile)}`,
    });
  }
  const { parts, missing } = await unsubmittedParts(env, job);
  if (missing.length > 0) {
    throw new CliError(`the part file${missing.length === 1 ? '' : 's'} of part ${missing.join(', ')} of ${job.id} ${missing.length === 1 ? 'is' : 'are'} gone from ${forTerminal(partsDir(env, job.id))}`, {
      hint: 'submit the input again (tfy-llm batch submit); the parts already submitted keep running',
    });
  }
  if (opts.dryRun || connection === undefined) {
    const { stdout } = deps.io;
    if (opts.json) stdout.write(`${JSON.stringify({ job: job.id, parts: parts.map((part) => ({ part: part.index, lines: [part.first_line, part.last_line], requests: part.requests, bytes: part.bytes, upload: job.parts[part.index - 1]?.file_id === null })) }, null, 2)}\n`);
    else {
      stdout.write(`dry run: nothing sent\n${job.id}: ${parts.length} of ${job.parts.length} part${job.parts.length === 1 ? '' : 's'} to submit, provider ${forTerminal(job.provider)}\n`);
      for (const part of parts) {
        const uploaded = job.parts[part.index - 1]?.file_id ?? null;
        stdout.write(`part ${part.index}: lines ${part.first_line}–${part.last_line}, ${part.requests} request${part.requests === 1 ? '' : 's'}, ${formatBytes(part.bytes)}: ${uploaded === null ? 'POST /files, then ' : `uploaded as ${forTerminal(uploaded)}; `}POST /batches\n`);
      }
    }
    return ExitCode.ok;
  }
  const connected = await connect(connection, settings, job.provider, opts, deps, 'command', UNWATCHED_BATCH);
  await adoptCreated(job, connected, deps);
  let made: BatchView[];
  try {
    made = await uploadAndCreate(job, parts, { connected, env, signal: deps.signal });
  } catch (err) {
    partWayNote(job, deps);
    throw err;
  } finally {
    await removeSubmitted(partsDir(env, job.id), job);
  }
  // Every part's batch, as the report and --wait need them: the ones just made as created, the ones made earlier looked up.
  const batches: BatchView[] = [];
  for (const part of job.parts) {
    if (part.batch_id === null) continue;
    batches.push(made.find((batch) => batch.id === part.batch_id) ?? readBatch(await connected.guard(connected.client.batches.retrieve(part.batch_id, { signal: deps.signal })), connected.baseURL));
  }
  return reportSubmitted(job, batches, connected, opts, deps);
}

/**
 * A part uploaded whose create went out but whose answer never came back may have its batch already:
 * found by the metadata submit gives every batch (the job's id and the part), it is recorded, not made twice.
 */
async function adoptCreated(job: Job, connected: Connected, deps: BatchDeps): Promise<void> {
  if (!job.parts.some((part) => part.batch_id === null && part.file_id !== null)) return;
  const listed = await listGatewayBatches(connected, 1000, deps.signal);
  let adopted = false;
  for (const part of job.parts) {
    if (part.batch_id !== null || part.file_id === null) continue;
    const found = listed.find(({ batch }) => batch.metadata['tfy_llm_job'] === job.id && batch.metadata['part'] === `${part.index} of ${job.parts.length}`);
    if (!found) continue;
    part.batch_id = found.batch.id;
    adopted = true;
    note(deps, `part ${part.index}: its batch ${found.batch.id} was created already; recorded, not created again`);
  }
  if (adopted) await saveJob(deps.io.env, job);
}
