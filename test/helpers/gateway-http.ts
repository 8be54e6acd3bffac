// Plain-HTTP helpers for talking to the fake gateway without the SDK, so the
// wire format itself (status, headers, bodies, SSE frames) can be checked.
import type { FakeGateway } from '../../src/gateway/server.ts';

export const KEY = 'tfy-demo-key';

// Bodies are inspected field by field in the tests; a precise type would only restate them.
export type Json = any;

export interface CallOptions {
  body?: unknown;
  /** null: send no provider header. */
  provider?: string | null;
  /** null: send no Authorization header. */
  key?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

/** One request to `gateway.url + path`; the body is JSON unless it is a string already. */
export async function call(gateway: FakeGateway, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const response = await send(gateway, method, path, options);
  const text = await response.text();
  let json: Json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function send(gateway: FakeGateway, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const { key = KEY, provider = 'p' } = options;
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  if (provider !== null) headers['x-tfy-provider-name'] = provider;
  let body: string | null = null;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  return fetch(`${gateway.url}${path}`, { method, headers, body, signal: options.signal ?? null });
}

export interface Frame {
  event: string;
  data: Json;
  /** performance.now() when the frame was complete. */
  at: number;
}

/** Reads an SSE body frame by frame; a dropped connection ends it with `error` set. */
export async function readFrames(response: Response): Promise<{ frames: Frame[]; error?: unknown }> {
  const frames: Frame[] = [];
  if (!response.body) return { frames };
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        frames.push(parseFrame(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (error) {
    return { frames, error };
  }
  return { frames };
}

function parseFrame(frame: string): Frame {
  const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
  const data = /^data: (.*)$/m.exec(frame)?.[1] ?? 'null';
  return { event, data: JSON.parse(data), at: performance.now() };
}
