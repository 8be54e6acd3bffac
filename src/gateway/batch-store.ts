// Batches and their lifecycle. The clock of this fake is in steps: by default each GET of a batch
// moves it one step, so a person polling the demo sees every status in order, quickly; with
// `batchClock: 'manual'` only advanceBatches() does, so a test decides exactly when time passes:
//   validating → in_progress (half the requests done) → finalizing (all done) → completed
// A batch whose input fails the checks goes validating → failed. One holding a request for the model
// `…/batch-expires`, or whose prompt is `demo:batch-expires`, runs out of time: validating → in_progress → expired, the requests that ran in
// the output file, the others in the error file as batch_expired. A cancel moves it to cancelling,
// and the next GET to cancelled, with the requests that had run in the output file.
import { checkBatchLines, type BatchLine, type BatchLineError } from './batch-lines.ts';
import { lineTrigger, notRun, runBatchLine, type BatchResultLine } from './batch-run.ts';
import type { FileStore } from './file-store.ts';
import { newId, unixSeconds } from './ids.ts';
import { modelName } from './models.ts';
import type { Settings } from './types.ts';

export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export interface BatchObject {
  id: string;
  object: 'batch';
  endpoint: string;
  errors: { object: 'list'; data: BatchLineError[] } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
}

interface Entry {
  batch: BatchObject;
  provider: string;
  lines: BatchLine[];
  errors: BatchLineError[];
  /** Results of the requests run so far, in input order; `ok` picks the file each goes to. */
  results: { ok: boolean; result: BatchResultLine }[];
  expires: boolean;
}

const DAY_SECONDS = 24 * 60 * 60;

export class BatchStore {
  // Newest last; a list reads it backwards.
  readonly #entries: Entry[] = [];
  readonly #files: FileStore;
  readonly #settings: Settings;

  /** Whether a GET moves a batch on (else only advance() does). */
  readonly #stepOnGet: boolean;

  constructor(files: FileStore, settings: Settings) {
    this.#stepOnGet = settings.batchClock === 'polls';
    this.#files = files;
    this.#settings = settings;
  }

  create(provider: string, request: { input_file_id: string; endpoint: string; completion_window: string; metadata: Record<string, string> | null }, input: Buffer): BatchObject {
    const { lines, errors } = checkBatchLines(input, request.endpoint, provider, this.#settings.maxBatchLines);
    const now = unixSeconds();
    const batch: BatchObject = {
      id: newId('batch'),
      object: 'batch',
      ...request,
      errors: null,
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: now,
      in_progress_at: null,
      expires_at: now + DAY_SECONDS,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
    };
    const expires = lines.some((line) => (lineTrigger(line) ?? modelName(String(line.body['model']))) === 'batch-expires');
    this.#entries.push({ batch, provider, lines, errors, results: [], expires });
    return batch;
  }

  /** The batch as a GET sees it; each GET moves it one step on. */
  retrieve(provider: string, id: string): BatchObject | undefined {
    const entry = this.#find(provider, id);
    if (entry && this.#stepOnGet) this.#advance(entry);
    return entry?.batch;
  }

  /** One step of time for every batch of every provider. */
  advance(): void {
    for (const entry of this.#entries) this.#advance(entry);
  }

  /** Newest first, as the API lists them; a list does not move anything on. */
  list(provider: string): BatchObject[] {
    return this.#entries.filter((entry) => entry.provider === provider).map((entry) => entry.batch).reverse();
  }

  /** The batch, now cancelling (or as it was, if already cancelled); 'finished' when it has ended. */
  cancel(provider: string, id: string): BatchObject | 'finished' | undefined {
    const entry = this.#find(provider, id);
    if (!entry) return undefined;
    const { batch } = entry;
    if (batch.status === 'cancelling' || batch.status === 'cancelled') return batch;
    if (batch.status !== 'validating' && batch.status !== 'in_progress' && batch.status !== 'finalizing') return 'finished';
    batch.status = 'cancelling';
    batch.cancelling_at = unixSeconds();
    return batch;
  }

  #find(provider: string, id: string): Entry | undefined {
    return this.#entries.find((entry) => entry.provider === provider && entry.batch.id === id);
  }

  #advance(entry: Entry): void {
    const { batch } = entry;
    const now = unixSeconds();
    switch (batch.status) {
      case 'validating':
        if (entry.errors.length > 0) {
          Object.assign(batch, { status: 'failed', failed_at: now, errors: { object: 'list', data: entry.errors } });
          return;
        }
        Object.assign(batch, { status: 'in_progress', in_progress_at: now });
        batch.request_counts.total = entry.lines.length;
        this.#run(entry, Math.ceil(entry.lines.length / 2));
        return;
      case 'in_progress':
        if (entry.expires) {
          const expired = entry.lines.slice(entry.results.length).map((line) => ({ ok: false, result: notRun(line, 'batch_expired') }));
          entry.results.push(...expired);
          batch.request_counts.failed += expired.length;
          Object.assign(batch, { status: 'expired', expired_at: now });
          this.#writeFiles(entry);
          return;
        }
        this.#run(entry, entry.lines.length);
        Object.assign(batch, { status: 'finalizing', finalizing_at: now });
        return;
      case 'finalizing':
        this.#writeFiles(entry);
        Object.assign(batch, { status: 'completed', completed_at: now });
        return;
      case 'cancelling':
        this.#writeFiles(entry);
        Object.assign(batch, { status: 'cancelled', cancelled_at: now });
        return;
      default:
    }
  }

  /** Runs the requests up to `upTo` (in input order), counting how each went. */
  #run(entry: Entry, upTo: number): void {
    for (const line of entry.lines.slice(entry.results.length, upTo)) {
      const outcome = runBatchLine(line, entry.batch.endpoint, entry.provider, this.#settings);
      entry.results.push(outcome);
      if (outcome.ok) entry.batch.request_counts.completed += 1;
      else entry.batch.request_counts.failed += 1;
    }
  }

  /** The output and error files, as JSONL; a file only when it has lines, as the API does. */
  #writeFiles(entry: Entry): void {
    const jsonl = (ok: boolean): Buffer | undefined => {
      const lines = entry.results.filter((outcome) => outcome.ok === ok).map((outcome) => `${JSON.stringify(outcome.result)}\n`);
      return lines.length === 0 ? undefined : Buffer.from(lines.join(''));
    };
    const output = jsonl(true);
    const errors = jsonl(false);
    if (output) entry.batch.output_file_id = this.#files.add(entry.provider, `${entry.batch.id}_output.jsonl`, 'batch_output', output).id;
    if (errors) entry.batch.error_file_id = this.#files.add(entry.provider, `${entry.batch.id}_error.jsonl`, 'batch_output', errors).id;
  }
}
