// Gateway batch jobs, recorded on this machine: one private JSON file per job in `batches/` beside the
// history (0600 files in a 0700 folder), and beside it the job's custom_ids, one per line, so `results`
// can say which requests came back with nothing. A job is written before the first upload and again
// after each step, whole and then renamed, so a crash leaves the last good record, never half of one.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { configDir } from '../config/paths.ts';
import type { Env } from '../terminal/io.ts';

export const JOBS_FOLDER = 'batches';

/** One part of a job: up to 50,000 lines and 50 MB of the input, one gateway batch. */
export interface JobPart {
  index: number;
  /** The input lines it holds, 1-based and inclusive. */
  first_line: number;
  last_line: number;
  requests: number;
  bytes: number;
  file_id: string | null;
  batch_id: string | null;
}

export interface Job {
  v: 1;
  id: string;
  /** ISO 8601, UTC. */
  created_at: string;
  profile: string | null;
  /** Without credentials or query. */
  base_url: string;
  provider: string;
  endpoint: '/v1/responses' | '/v1/chat/completions';
  /** The input file, as an absolute path (`-` for stdin). */
  input: string;
  parts: JobPart[];
}

export function jobsDir(env: Env): string {
  return join(configDir(env), JOBS_FOLDER);
}

export function newJobId(): string {
  return `job_${randomBytes(8).toString('hex')}`;
}

/** A job id as this machine makes them; anything else given to a batch command is a gateway batch id. */
export const JOB_ID = /^job_[0-9a-f]{16}$/;

function jobPath(env: Env, id: string): string {
  return join(jobsDir(env), `${id}.json`);
}

export function idsPath(env: Env, id: string): string {
  return join(jobsDir(env), `${id}.ids`);
}

/** Writes the job whole to a private temporary file, then renames it over the old record. */
export async function saveJob(env: Env, job: Job): Promise<void> {
  const dir = jobsDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = jobPath(env, job.id);
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(job, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

export async function loadJob(env: Env, id: string): Promise<Job | undefined> {
  let text: string;
  try {
    text = await readFile(jobPath(env, id), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseJob(text);
}

/** Every readable job, newest first; a file that cannot be read is skipped. */
export async function listJobs(env: Env): Promise<Job[]> {
  let names: string[];
  try {
    names = await readdir(jobsDir(env));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const jobs: Job[] = [];
  for (const name of names.filter((n) => JOB_ID.test(n.replace(/\.json$/, '')) && n.endsWith('.json'))) {
    const job = await readFile(join(jobsDir(env), name), 'utf8').then(parseJob, () => undefined);
    if (job) jobs.push(job);
  }
  return jobs.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/** The job from its JSON, or undefined for anything that is not one (hand-edited, cut short). */
function parseJob(text: string): Job | undefined {
  try {
    const job = JSON.parse(text) as Partial<Job>;
    if (job.v !== 1 || typeof job.id !== 'string' || !JOB_ID.test(job.id) || !Array.isArray(job.parts) || typeof job.provider !== 'string') return undefined;
    return job as Job;
  } catch {
    return undefined;
  }
}
