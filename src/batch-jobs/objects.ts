// What the gateway says about batches and files, read as untrusted: every field is checked for the
// type it must have, ids must be ids (they go into URLs), counts must be counts. Anything else is an
// error that names the gateway, never a crash or a request to a path the server chose.
import { CliError } from '../errors/errors.ts';

export interface BatchView {
  id: string;
  /** As the gateway said it, which may be a status this version does not know: shown as is. */
  status: string;
  endpoint: string | undefined;
  output_file_id: string | null;
  error_file_id: string | null;
  request_counts: { total: number; completed: number; failed: number };
  errors: { code: string; message: string; line: number | null }[];
  created_at: number | undefined;
  metadata: Record<string, string>;
}

/** The statuses after which a batch changes no more. */
export const ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);
/** The statuses of a batch still at work, cancelling included. */
export const RUNNING = new Set(['validating', 'in_progress', 'finalizing', 'cancelling']);

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,255}$/;

export function isGatewayId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

export function invalidAnswer(what: string, baseURL: string): CliError {
  return new CliError(`the gateway's answer is not a valid ${what} (${baseURL})`, {
    type: 'invalid_response',
    hint: 'check that the base URL points at a gateway with the Batch API (TrueFoundry: …/api/llm)',
  });
}

export function readBatch(value: unknown, baseURL: string): BatchView {
  if (!isRecord(value) || !isGatewayId(value['id']) || typeof value['status'] !== 'string') throw invalidAnswer('batch', baseURL);
  const counts = isRecord(value['request_counts']) ? value['request_counts'] : {};
  const fileId = (field: string): string | null => {
    const id = value[field];
    if (id === null || id === undefined || id === '') return null;
    if (!isGatewayId(id)) throw invalidAnswer('batch', baseURL);
    return id;
  };
  const errors = isRecord(value['errors']) && Array.isArray(value['errors']['data']) ? value['errors']['data'] : [];
  return {
    id: value['id'],
    status: value['status'].slice(0, 100),
    endpoint: typeof value['endpoint'] === 'string' ? value['endpoint'] : undefined,
    output_file_id: fileId('output_file_id'),
    error_file_id: fileId('error_file_id'),
    request_counts: { total: count(counts['total']), completed: count(counts['completed']), failed: count(counts['failed']) },
    errors: errors.filter(isRecord).slice(0, 1000).map((error) => ({
      code: typeof error['code'] === 'string' ? error['code'] : 'error',
      message: typeof error['message'] === 'string' ? error['message'] : '',
      line: typeof error['line'] === 'number' && Number.isSafeInteger(error['line']) ? error['line'] : null,
    })),
    created_at: typeof value['created_at'] === 'number' ? value['created_at'] : undefined,
    metadata: isRecord(value['metadata']) ? stringsOf(value['metadata']) : {},
  };
}

export function readFileId(value: unknown, baseURL: string): string {
  if (!isRecord(value) || !isGatewayId(value['id'])) throw invalidAnswer('file object', baseURL);
  return value['id'];
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

function stringsOf(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
