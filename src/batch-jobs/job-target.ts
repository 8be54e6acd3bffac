// What `batch status|results|cancel` act on: a job recorded here (`job_…`, or `last`, the newest of
// this profile), or a batch id straight from the gateway (`batch_…`, any id). Resolved before
// anything is sent; the provider is --provider, else the job's, else the environment's or profile's.
import { CliError, ExitCode, UsageError } from '../errors/errors.ts';
import type { Settings } from '../config/settings.ts';
import type { Env } from '../terminal/io.ts';
import { isGatewayId } from './objects.ts';
import { JOB_ID, listJobs, loadJob, type Job } from './jobs.ts';

export interface JobTarget {
  /** Absent for a batch id the local jobs do not know. */
  job: Job | undefined;
  /** One per part; null for a part whose batch was never created (its submit failed). */
  batchIds: (string | null)[];
  provider: string;
  /** How to name it in messages and hints. */
  name: string;
}

export async function resolveJobTarget(raw: string | undefined, settings: Settings, env: Env, flagProvider: string | undefined): Promise<JobTarget> {
  const value = (raw ?? 'last').trim();
  if (value === 'last') {
    const profile = settings.profile?.value ?? null;
    const job = (await listJobs(env)).find((candidate) => candidate.profile === profile);
    if (!job) {
      throw new UsageError(`no batch job was submitted from here${profile === null ? '' : ` with the profile ${profile}`}`, {
        hint: 'submit one with tfy-llm batch submit <input>, or name a batch id (tfy-llm batch list shows the gateway\'s)',
      });
    }
    return fromJob(job, flagProvider);
  }
  if (JOB_ID.test(value)) {
    const job = await loadJob(env, value);
    if (!job) throw new CliError(`no batch job ${value} is recorded here`, { exitCode: ExitCode.notFound, type: 'not_found', hint: 'tfy-llm batch list shows the jobs recorded here' });
    return fromJob(job, flagProvider);
  }
  if (!isGatewayId(value as unknown)) {
    const shown = value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}…` : JSON.stringify(value);
    throw new UsageError(`${shown} is not a job or batch id`, { hint: 'pass a job id (job_…), a batch id (batch_…) or "last"; tfy-llm batch list shows both' });
  }
  // A batch of a job recorded here is routed to the job's provider.
  const job = (await listJobs(env)).find((candidate) => candidate.parts.some((part) => part.batch_id === value));
  const provider = flagProvider ?? job?.provider ?? settings.provider?.value;
  if (!provider) {
    throw new UsageError(`no provider to ask about ${value}: the gateway routes batches by provider`, { hint: 'pass --provider <name> (the provider account the batch was created through)' });
  }
  return { job: undefined, batchIds: [value], provider, name: value };
}

function fromJob(job: Job, flagProvider: string | undefined): JobTarget {
  return { job, batchIds: job.parts.map((part) => part.batch_id), provider: flagProvider ?? job.provider, name: job.id };
}
