// tfy-llm batch submit <input>: check the whole input, convert it for the endpoint, split it into
// parts the gateway accepts, record the job, then upload each part and create its batch. Prints the
// job id on stdout (the job with its batches, with --json). --dry-run: the parts, nothing sent or kept.
import { basename, resolve } from 'node:path';
import { requireConnection } from '../../config/settings.ts';
import { connect, settingsFor, UNWATCHED_BATCH } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, OptionsOf, RawOptionsOf } from '../../spec/define.ts';
import { submit as spec } from './spec.ts';
import { safeBaseURL } from '../../history/store.ts';
import { metadataFor, uploadAndCreate } from '../../batch-jobs/upload.ts';
import { partFolder, type PartFolder } from '../../batch-jobs/part-files.ts';
import { partWayNote, reportSubmitted } from '../../batch-jobs/submitted.ts';
import { inputFile, inputUnreadable } from '../../batch/input-check.ts';
import { writeJobIds, type IdsWriter } from '../../batch-jobs/job-ids.ts';
import { newJobId, saveJob, type Job } from '../../batch-jobs/jobs.ts';
import type { BatchDeps } from '../../batch-jobs/deps.ts';
import { DEFAULT_PART_LIMITS, formatBytes, splitIntoParts, type WrittenPart } from '../../batch-jobs/parts.ts';
import { checkSubmitInput, submitRequests, type SubmitInput } from '../../batch-jobs/submit-input.ts';
import { forTerminal } from '../../terminal/safe-text.ts';

type BatchSubmitOptions = OptionsOf<typeof spec>;

export async function execute([input]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: BatchDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const endpoint = opts.endpoint === 'chat' ? '/v1/chat/completions' : '/v1/responses';
  const settings = settingsFor(opts, deps);
  // Config problems first, before the input is read; --dry-run needs no gateway.
  const connection = opts.dryRun ? undefined : requireConnection(settings);
  const jobId = newJobId();
  const env = deps.io.env;
  const source = await inputFile(input === '-' ? '-' : resolve(deps.cwd, input), deps.io.stdin, env);
  let folder: PartFolder | undefined;
  let ids: IdsWriter | undefined;
  let saved: Job | undefined;
  try {
    // The line module checks the body flags again for each line, from what commander handed over.
    const { endpoint: _endpoint, format: _format, wait: _wait, ...bodyOptions } = given;
    const submitInput: SubmitInput = {
      path: source.path,
      format: opts.format,
      endpoint,
      defaults: { options: bodyOptions, settings, provider: opts.provider },
      settings,
    };
    // Every line checked (and the provider found) before a part is written or anything sent.
    const { provider } = await checkSubmitInput(submitInput).catch((err: unknown) => {
      throw inputUnreadable({ name: input === '-' ? 'stdin' : input }, err);
    });
    folder = opts.dryRun ? undefined : await partFolder(env, jobId);
    ids = folder === undefined ? undefined : await writeJobIds(env, jobId);
    const parts = await splitIntoParts(submitRequests(submitInput), {
      limits: deps.batchPartLimits ?? DEFAULT_PART_LIMITS,
      dir: folder?.path,
      stem: input === '-' ? 'stdin' : basename(input),
      onId: ids ? (id) => ids?.add(id) ?? Promise.resolve() : undefined,
    });
    await ids?.close();
    const job: Job = {
      v: 1,
      id: jobId,
      created_at: new Date(deps.now()).toISOString(),
      profile: settings.profile?.value ?? null,
      base_url: safeBaseURL(settings.baseURL?.value ?? ''),
      provider,
      endpoint,
      input: input === '-' ? '-' : resolve(deps.cwd, input),
      parts: parts.map(({ index, first_line, last_line, requests, bytes }) => ({ index, first_line, last_line, requests, bytes, file_id: null, batch_id: null })),
    };
    if (opts.dryRun || connection === undefined) return printPlan(job, parts, opts, deps);

    // Recorded before anything is sent: whatever fails next, the job says what exists, and its parts
    // not yet submitted stay on disk for `batch resume`.
    await saveJob(env, job);
    saved = job;
    folder?.keep();
    const connected = await connect(connection, settings, provider, opts, deps, 'command', UNWATCHED_BATCH);
    let batches;
    try {
      batches = await uploadAndCreate(job, parts, { connected, env, signal: deps.signal });
    } catch (err) {
      partWayNote(job, deps);
      throw err;
    }
    return await reportSubmitted(job, batches, connected, opts, deps);
  } catch (err) {
    // No job was recorded (its input failed a check, or a part could not be written): its ids go too.
    if (!saved) await ids?.remove();
    throw err;
  } finally {
    await folder?.dispose(saved);
    await source.dispose();
  }
}

/** --dry-run: what would be uploaded and created, part by part. */
function printPlan(job: Job, parts: WrittenPart[], opts: BatchSubmitOptions, deps: CommandDeps): number {
  const { stdout } = deps.io;
  const creates = parts.map((part) => ({
    part: part.index,
    lines: [part.first_line, part.last_line],
    requests: part.requests,
    bytes: part.bytes,
    upload: { method: 'POST', path: '/files', purpose: 'batch', filename: part.filename },
    create: { method: 'POST', path: '/batches', body: { input_file_id: '<the uploaded file>', endpoint: job.endpoint, completion_window: '24h', metadata: metadataFor(job, part.index) } },
  }));
  if (opts.json) {
    stdout.write(`${JSON.stringify({ provider: job.provider, endpoint: job.endpoint, parts: creates }, null, 2)}\n`);
    return 0;
  }
  stdout.write(`dry run: nothing sent, no job recorded\nprovider ${forTerminal(job.provider)} (x-tfy-provider-name) · endpoint ${job.endpoint} · ${parts.length} part${parts.length === 1 ? '' : 's'}\n`);
  for (const part of parts) {
    stdout.write(`part ${part.index}: lines ${part.first_line}–${part.last_line}, ${part.requests} request${part.requests === 1 ? '' : 's'}, ${formatBytes(part.bytes)}\n`);
    stdout.write(`  POST /files     purpose=batch, file ${part.filename}\n`);
    stdout.write(`  POST /batches   endpoint ${job.endpoint}, completion_window 24h, metadata ${JSON.stringify(metadataFor(job, part.index))}\n`);
  }
  return 0;
}
