// One output line per request, in the shape of the OpenAI Batch API's output file, so a job's results
// read the same whether it ran locally (`batch run`) or on the gateway (`batch results`):
//   {"id", "custom_id", "response": {"status_code", "request_id", "body"} | null, "error": {"code", "message"} | null}
// A line failed exactly when `error` is not null; `response` is there whenever the gateway answered
// (a 400's body included), so the gateway's own error object is kept as it sent it.
import { randomBytes } from 'node:crypto';

export interface BatchOutputLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string | null; body: unknown } | null;
  error: { code: string; message: string } | null;
}

/** The Batch API's own ids look like `batch_req_…`; ours are a random prefix per run and a counter, so merged outputs never collide. */
const RUN_PREFIX = randomBytes(8).toString('hex');
let counter = 0;
export function outputLineId(): string {
  counter += 1;
  return `batch_req_${RUN_PREFIX}${counter.toString(16).padStart(8, '0')}`;
}

export function succeededLine(customId: string, statusCode: number, requestId: string | undefined, body: unknown): BatchOutputLine {
  return { id: outputLineId(), custom_id: customId, response: { status_code: statusCode, request_id: requestId ?? null, body }, error: null };
}

export function failedLine(
  customId: string,
  error: { code: string; message: string },
  answer?: { statusCode: number; requestId: string | undefined; body: unknown } | undefined,
): BatchOutputLine {
  const response = answer === undefined ? null : { status_code: answer.statusCode, request_id: answer.requestId ?? null, body: answer.body };
  return { id: outputLineId(), custom_id: customId, response, error };
}

/** The JSONL line, newline included: written with one write() so it is never interleaved or torn by a kill. */
export function jsonlLine(line: BatchOutputLine): string {
  const raw = (line as RawCarrier)[RAW];
  if (raw === undefined || line.response === null) return `${JSON.stringify(line)}\n`;
  // The gateway's body as it came (already one line of JSON): not serialised a second time. The keys in
  // the order JSON.stringify gives them for the other lines.
  const { response } = line;
  return `{"id":${JSON.stringify(line.id)},"custom_id":${JSON.stringify(line.custom_id)},"response":{"status_code":${JSON.stringify(response.status_code)},"request_id":${JSON.stringify(response.request_id)},"body":${raw}},"error":${JSON.stringify(line.error)}}\n`;
}

/**
 * The body as it came, on the line itself under a key of this module's own: a symbol-keyed property is
 * left out by JSON.stringify and seen by no other code, and costs the collector nothing (a WeakMap entry a
 * line, 100,000s of them, is work for every collection).
 */
const RAW = Symbol('raw body');
type RawCarrier = BatchOutputLine & { [RAW]?: string };

/** A successful line whose body is `raw` parsed; `raw` is written as it is when it is one line. */
export function succeededRawLine(customId: string, statusCode: number, requestId: string | undefined, body: unknown, raw: string): BatchOutputLine {
  const line = succeededLine(customId, statusCode, requestId, body);
  if (!/[\r\n\u2028\u2029]/.test(raw)) (line as RawCarrier)[RAW] = raw.trim();
  return line;
}

/** --text: `custom_id<TAB>text`, with backslash, tab, CR and newline escaped so one result is one line. */
export function textLine(customId: string, text: string): string {
  return `${escapeText(customId)}\t${escapeText(text)}\n`;
}

export function escapeText(text: string): string {
  return text.replace(/[\\\t\r\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : '\\n'));
}

export function unescapeText(text: string): string {
  return text.replace(/\\([\\trn])/g, (_m, c: string) => (c === 't' ? '\t' : c === 'r' ? '\r' : c === 'n' ? '\n' : '\\'));
}

/** The answer's text: every output_text part of every message, joined, as `create` prints it in a pipe. */
export function outputText(body: unknown): string {
  const output = (body as { output?: unknown } | null)?.output;
  if (!Array.isArray(output)) return '';
  const parts: string[] = [];
  for (const item of output as { type?: unknown; content?: unknown }[]) {
    if (item?.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content as { type?: unknown; text?: unknown }[]) {
      if (part?.type === 'output_text' && typeof part.text === 'string') parts.push(part.text);
    }
  }
  return parts.join('');
}

/**
 * A line of an existing output file, for resuming: its custom_id and whether it succeeded, or undefined
 * when it is not a complete line of ours (a torn last line, or something else).
 */
export function readOutputLine(text: string, format: 'jsonl' | 'text'): { customId: string; ok: boolean } | undefined {
  if (format === 'text') {
    const tab = text.indexOf('\t');
    return tab <= 0 ? undefined : { customId: unescapeText(text.slice(0, tab)), ok: true };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const line = parsed as Partial<BatchOutputLine> | null;
  if (typeof line?.custom_id !== 'string' || !('error' in line)) return undefined;
  return { customId: line.custom_id, ok: line.error === null };
}
