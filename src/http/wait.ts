// Polling a stored response until it stops being queued or in progress (`--wait`).
import { setTimeout as sleep } from 'node:timers/promises';
import type OpenAI from 'openai';
import { requestIdIn, resolvedModelIn } from './gateway-headers.ts';
import { CliError, formatSeconds, interruptedError } from '../errors/errors.ts';
import { parseResponseBody } from '../output/print.ts';
import type { ResponseLike } from '../output/render.ts';

/** One look at a stored response: parsed, raw (for --json), and the gateway's resolved model. */
export interface Polled {
  response: ResponseLike;
  raw: string;
  resolvedModel: string | undefined;
  requestId: string | undefined;
}

export type Guard = <T>(request: Promise<T>) => Promise<T>;

const PENDING = new Set(['queued', 'in_progress']);

export function isPending(response: ResponseLike): boolean {
  return PENDING.has(response.status ?? '');
}

/** GET /responses/{id}, keeping the raw body so --json prints the API's own object. */
export async function fetchStored(client: OpenAI, guard: Guard, id: string, signal: AbortSignal | undefined): Promise<Polled> {
  const http = await guard(client.responses.retrieve(id, {}, { signal }).asResponse());
  const raw = await guard(http.text());
  return { response: parseResponseBody(raw), raw, resolvedModel: resolvedModelIn(http.headers), requestId: requestIdIn(http.headers) };
}

export interface WaitOptions {
  signal?: AbortSignal | undefined;
  /** An explicit --timeout's deadline for the whole command: the wait ends with a timeout when it fires. */
  deadline?: AbortSignal | undefined;
  /** The limit the deadline stands for, for the message. */
  timeoutMs?: number | undefined;
  /** Called before each pause with the status still pending, e.g. to tell a person at a terminal. */
  onWait?: ((status: string, delayMs: number) => void) | undefined;
  /** The first pause; doubles (×1.5) up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Polls with backoff until the response ends (completed, failed, incomplete, cancelled). A quick
 * job is seen soon; a long one costs a request every few seconds, not a stream of them. Without
 * --timeout there is no overall limit (each request has its own); with it, the wait ends there
 * (exit 1, type timeout). Ctrl-C stops the wait (exit 130).
 */
export async function waitForResponse(first: Polled, poll: () => Promise<Polled>, options: WaitOptions = {}): Promise<Polled> {
  const maxDelay = options.maxDelayMs ?? 5_000;
  let delay = options.firstDelayMs ?? 500;
  let current = first;
  while (isPending(current.response)) {
    options.onWait?.(current.response.status ?? '', delay);
    const signals = [options.signal, options.deadline].filter((signal) => signal !== undefined);
    try {
      await sleep(delay, undefined, { signal: signals.length > 0 ? AbortSignal.any(signals) : undefined });
    } catch (err) {
      if (options.signal?.aborted) throw interruptedError();
      if (options.deadline?.aborted) throw waitTimedOut(current.response, options.timeoutMs);
      throw err;
    }
    current = await poll();
    delay = Math.min(maxDelay, Math.round(delay * 1.5));
  }
  return current;
}

function waitTimedOut(response: ResponseLike, timeoutMs: number | undefined): CliError {
  const after = timeoutMs === undefined ? '' : ` after ${formatSeconds(timeoutMs)}`;
  const id = typeof response.id === 'string' ? response.id : 'the response';
  return new CliError(`gave up waiting${after} (--timeout): ${id} is still ${response.status ?? 'pending'}`, {
    type: 'timeout',
    hint: `the response goes on; get it later with: tfy-llm retrieve ${id} --wait`,
  });
}
