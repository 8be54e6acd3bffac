// Writing a stream of events as server-sent events, one frame at a time, with
// the hiccups the `slow-stream`, `cut-stream` and `stream-error` models ask for.
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StreamEvent } from './stream-events.ts';

/** What the Responses API sends when a model fails mid-stream. */
export const STREAM_ERROR = { type: 'error', code: 'server_error', message: 'The model stopped with an internal error.', param: null };

export interface StreamPlan {
  /** Pause this long after the first text delta (0: no pause). */
  pauseAfterFirstDeltaMs: number;
  /** Drop the connection after this many text deltas, without a final event. */
  cutAfterDeltas?: number;
  /** Send an `error` event after this many text deltas, then end the stream (no final event). */
  errorAfterDeltas?: number;
  /** Delay between events, so a watcher sees tokens arrive. */
  eventDelayMs: number;
  /** Told of each event just before it is written (so a latency measured from here is never understated). */
  onEvent?: ((type: string) => void) | undefined;
  /** Called just before the final event, so a client that sees it can retrieve the response at once. */
  beforeFinalEvent: () => void;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export async function writeEventStream(
  res: ServerResponse,
  headers: Record<string, string>,
  events: StreamEvent[],
  plan: StreamPlan,
): Promise<void> {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  let deltas = 0;
  for (const [sequence_number, event] of events.entries()) {
    if (plan.signal.aborted) return;
    if (sequence_number === events.length - 1) plan.beforeFinalEvent();
    if (sequence_number > 0 && plan.eventDelayMs > 0) await sleep(plan.eventDelayMs, undefined, { signal: plan.signal });
    plan.onEvent?.(event.type);
    await writeFrame(res, { ...event, sequence_number }, plan.signal);
    if (event.type !== 'response.output_text.delta') continue;
    deltas += 1;
    if (deltas === plan.errorAfterDeltas) {
      await writeFrame(res, { ...STREAM_ERROR, sequence_number: sequence_number + 1 }, plan.signal);
      res.end();
      return;
    }
    if (deltas === plan.cutAfterDeltas) {
      // Mimic a dropped connection: no final event, no terminating chunk.
      res.destroy();
      return;
    }
    if (deltas === 1 && plan.pauseAfterFirstDeltaMs > 0) {
      await sleep(plan.pauseAfterFirstDeltaMs, undefined, { signal: plan.signal });
    }
  }
  res.end();
}

async function writeFrame(res: ServerResponse, event: StreamEvent, signal: AbortSignal): Promise<void> {
  const frame = `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  // Wait until the frame is handed to the socket: a slow reader holds us back,
  // and a connection cut right after it still delivers it.
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    res.write(frame, (error) => {
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    });
  });
}
