// Where a job's part files live while it is submitted: a private folder beside its record
// (`batches/<job>.parts/`, 0700), so that a submit that stops part-way (a failed upload, Ctrl-C, a lost
// connection) leaves the parts it did not submit exactly as they were planned, and `batch resume`
// sends those bytes, without the input or the flags it was converted with. Removed once every part is
// submitted; a part already submitted has its file removed at once.
import { rmSync } from 'node:fs';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../errors/errors.ts';
import type { Env } from '../terminal/io.ts';
import { jobsDir, type Job } from './jobs.ts';
import type { WrittenPart } from './parts.ts';

export function partsDir(env: Env, jobId: string): string {
  return join(jobsDir(env), `${jobId}.parts`);
}

export function partPath(dir: string, index: number): string {
  return join(dir, `part-${index}.multipart`);
}

export interface PartFolder {
  path: string;
  /** After the job is recorded: the folder is kept however the process ends (resume needs it). */
  keep(): void;
  /** Removes the folder, or with a job, only the files of its parts already submitted (and the folder once none is left). */
  dispose(job?: Job): Promise<void>;
}

/** The job's part folder, made private; removed on exit (a second Ctrl-C included) until keep(). */
export async function partFolder(env: Env, jobId: string): Promise<PartFolder> {
  const path = partsDir(env, jobId);
  await mkdir(jobsDir(env), { recursive: true, mode: 0o700 });
  await mkdir(path, { mode: 0o700 }).catch((err: unknown) => {
    throw new CliError(`could not make the folder ${path} for the job's parts (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { hint: 'check the config folder (TFY_LLM_CONFIG_DIR) has room and is yours' });
  });
  const removeNow = (): void => rmSync(path, { recursive: true, force: true });
  process.once('exit', removeNow);
  return {
    path,
    keep: () => void process.off('exit', removeNow),
    async dispose(job) {
      process.off('exit', removeNow);
      await removeSubmitted(path, job);
    },
  };
}

/** Without a job, or with every part submitted: the whole folder; else only the files of submitted parts. */
export async function removeSubmitted(dir: string, job: Job | undefined): Promise<void> {
  if (!job || job.parts.every((part) => part.batch_id !== null)) return rm(dir, { recursive: true, force: true });
  for (const part of job.parts) if (part.batch_id !== null) await rm(partPath(dir, part.index), { force: true });
}

/**
 * The parts of `job` not yet submitted, as written: their files, and the content type each was written
 * with (its multipart boundary is the file's first line). Undefined for a part whose file is gone.
 */
export async function unsubmittedParts(env: Env, job: Job): Promise<{ parts: WrittenPart[]; missing: number[] }> {
  const dir = partsDir(env, job.id);
  const present = new Set(await readdir(dir).catch(() => [] as string[]));
  const parts: WrittenPart[] = [];
  const missing: number[] = [];
  for (const record of job.parts) {
    if (record.batch_id !== null) continue;
    const path = partPath(dir, record.index);
    const boundary = present.has(`part-${record.index}.multipart`) ? await firstBoundary(path) : undefined;
    if (boundary === undefined) {
      missing.push(record.index);
      continue;
    }
    parts.push({
      index: record.index,
      first_line: record.first_line,
      last_line: record.last_line,
      requests: record.requests,
      bytes: record.bytes,
      path,
      contentType: `multipart/form-data; boundary=${boundary}`,
      filename: '',
    });
  }
  return { parts, missing };
}

/** `--<boundary>\r\n` as the file begins, as parts.ts writes it; undefined for anything else. */
async function firstBoundary(path: string): Promise<string | undefined> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(128);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return /^--(tfy-llm-[0-9a-f]{24})\r\n/.exec(head.subarray(0, bytesRead).toString('latin1'))?.[1];
  } finally {
    await file.close();
  }
}
