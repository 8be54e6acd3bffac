// Uploading a job's parts and creating their batches. Each part's file is already the whole
// multipart body (parts.ts): it goes out as a file-backed Blob, streamed from disk, and can be sent
// again whole when the client retries a 5xx. The job is saved after every step, so whatever fails
// next, the record says what exists on the gateway, and `batch resume` does only what is left.
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import type { Connected } from '../http/connect.ts';
import { FileBody } from '../request/file-body.ts';
import type { Env } from '../terminal/io.ts';
import { readBatch, readFileId, type BatchView } from './objects.ts';
import { saveJob, type Job } from './jobs.ts';
import type { WrittenPart } from './parts.ts';

export interface SubmitContext {
  connected: Connected;
  env: Env;
  signal: AbortSignal | undefined;
  /** Told after each part's batch is created. */
  onCreated?: ((part: WrittenPart, batch: BatchView) => void) | undefined;
}

export async function uploadAndCreate(job: Job, parts: readonly WrittenPart[], context: SubmitContext): Promise<BatchView[]> {
  const { client, guard, baseURL } = context.connected;
  const batches: BatchView[] = [];
  for (const part of parts) {
    const record = job.parts[part.index - 1];
    if (!record || part.path === undefined) throw new Error(`part ${part.index} was not written`);
    // (A resumed job: a part whose batch exists is done; one whose upload went through needs only its batch.)
    if (record.batch_id !== null) continue;
    if (record.file_id === null) {
      const body = new FileBody(part.path, await openAsBlob(part.path, { type: part.contentType }));
      const file = await guard(client.post('/files', { body, headers: { 'content-type': part.contentType }, signal: context.signal }));
      record.file_id = readFileId(file, baseURL);
      await saveJob(context.env, job);
    }
    const created = await guard(client.batches.create({
      input_file_id: record.file_id,
      endpoint: job.endpoint,
      completion_window: '24h',
      metadata: metadataFor(job, part.index),
    }, { signal: context.signal }));
    const batch = readBatch(created, baseURL);
    record.batch_id = batch.id;
    await saveJob(context.env, job);
    batches.push(batch);
    context.onCreated?.(part, batch);
  }
  return batches;
}

/** What the gateway's own batch list shows of where a batch came from. */
export function metadataFor(job: Job, index: number): Record<string, string> {
  return {
    source_file: (job.input === '-' ? 'stdin' : basename(job.input)).slice(0, 512),
    tfy_llm_job: job.id,
    part: `${index} of ${job.parts.length}`,
  };
}
