// Small HTTP helpers: OpenAI-style error bodies, JSON replies, body reading.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error the gateway answers with, in the OpenAI error format. */
export class GatewayError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    type: string,
    extra: { code?: string | null; param?: string | null; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = extra.code ?? null;
    this.param = extra.param ?? null;
    this.headers = extra.headers ?? {};
  }
}

export function badRequest(message: string, param: string | null = null, code: string | null = null): GatewayError {
  return new GatewayError(400, message, 'invalid_request_error', { param, code });
}

export function responseNotFound(id: string): GatewayError {
  return new GatewayError(404, `Response with id '${id}' not found.`, 'invalid_request_error', { code: 'not_found' });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: GatewayError): void {
  const { message, type, code, param } = error;
  sendJson(res, error.status, { error: { message, type, code, param } }, error.headers);
}

// Images arrive inline as data URLs, so allow big bodies, but not unbounded ones.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<{ raw: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep reading to the end so the client sees our 413 instead of a reset.
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return { raw: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}

export function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
