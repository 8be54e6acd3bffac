// A streamed response, read event by event and printed as it arrives, until its final event.
import { APIError } from 'openai/error';
import { CliError, ExitCode, interruptedError } from '../errors/errors.ts';
import { makeChalk } from '../terminal/color.ts';
import type { Deps } from '../terminal/io.ts';
import { finishResponse, outputMode, type PrintOptions } from './print.ts';
import type { ResponseLike } from './render.ts';
import { saneResponse } from './sane.ts';
import { ndjsonSink, textSink, type EventSink, type StreamEvent } from './stream-sinks.ts';

export interface StreamOptions extends PrintOptions {
  /** --stream / --no-stream; undefined means: stream to a terminal, unless --json. */
  stream?: boolean | undefined;
}

export function wantsStream(opts: StreamOptions, deps: Pick<Deps, 'io'>): boolean {
  return opts.stream ?? (deps.io.stdout.isTTY === true && !opts.json);
}

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export interface StreamMeta {
  /** The gateway's x-tfy-resolved-model header, when it sent one. */
  resolvedModel?: string | undefined;
  /** The gateway's request id, for the error of a `failed` response. */
  requestId?: string | undefined;
  /** deps.now() when the request started, for the footer's time. */
  startedAt: number;
  /** Keys to keep out of a failure's message or an incomplete reason. */
  secrets?: readonly string[] | undefined;
  /** Awaited with the final response before it is finished off (create records it in the history). */
  /** Told the final response and deps.now() when it arrived. */
  onFinal?: ((response: ResponseLike, endedAt: number) => Promise<void>) | undefined;
}

/**
 * Prints the events of `events` (the SDK's stream) as they arrive; resolves to the exit code.
 * `firstOutput` runs just before the first byte reaches stdout (it stops the spinner).
 */
export async function printStream(
  events: AsyncIterable<unknown>,
  meta: StreamMeta,
  opts: StreamOptions,
  deps: Deps,
  firstOutput: () => void = () => {},
): Promise<number> {
  const sink = await sinkFor(opts, deps, firstOutput);
  const seen = { output: false };
  const response = await readStream(events, sink, deps, seen);
  // The reader closed the pipe: there is no one left to tell anything.
  if (response === undefined) return ExitCode.ok;
  // One clock reading for both the history's duration and the footer's time.
  const endedAt = deps.now();
  await meta.onFinal?.(response, endedAt);
  sink.finish(response);
  const facts = { resolvedModel: meta.resolvedModel, requestId: meta.requestId, elapsedMs: endedAt - meta.startedAt, secrets: meta.secrets, streamedOutput: seen.output };
  return finishResponse(response, facts, opts, deps.io);
}

async function sinkFor(opts: StreamOptions, deps: Deps, firstOutput: () => void): Promise<EventSink> {
  const { io } = deps;
  const mode = outputMode(opts, io);
  if (mode === 'json') return ndjsonSink(io.stdout);
  if (mode === 'text') return textSink(io, makeChalk(io.stderr, io.env, opts.color === false), firstOutput);
  const chalk = makeChalk(io.stdout, io.env, opts.color === false);
  const [{ loadMarkdown }, { TerminalSink }] = await Promise.all([import('./markdown.ts'), import('./terminal-sink.ts')]);
  const markdown = await loadMarkdown(chalk, io.env);
  setImmediate(markdown.warm);
  return new TerminalSink(io.stdout, chalk, markdown, firstOutput);
}

/** Hands each event to the sink; resolves to the final response, or undefined when stdout went away. */
async function readStream(events: AsyncIterable<unknown>, sink: EventSink, deps: Deps, seen: { output: boolean }): Promise<ResponseLike | undefined> {
  try {
    // A stalled stream ends here with an IdleTimeoutError: create wraps `events` in withIdleTimeout.
    for await (const raw of events) {
      if (!isEvent(raw)) continue;
      // Some gateways leave the final event's `output` empty: what streamed is the answer then.
      if (raw.type === 'response.output_item.done' || raw.type.endsWith('.delta')) seen.output = true;
      sink.event(raw);
      if (FINAL_EVENTS.has(raw.type)) return saneResponse(raw['response']);
    }
  } catch (err) {
    // An `error` event reaches us as an APIError carrying the event itself.
    sink.abandon(err instanceof APIError && err.status === undefined ? err.error : undefined);
    if (deps.io.stdout.destroyed) return undefined;
    throw brokenOff(err, deps.signal);
  }
  // The SDK ends the loop quietly when the request is aborted (Ctrl-C, or stdout closed).
  sink.abandon();
  if (deps.io.stdout.destroyed) return undefined;
  if (deps.signal?.aborted) throw interruptedError();
  throw new CliError('the response stream ended before the response was complete', {
    type: 'stream_incomplete',
    hint: 'try again; --no-stream waits for the whole response instead',
  });
}

function isEvent(value: unknown): value is StreamEvent {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** API errors keep their own mapping; a connection dropped mid-stream says so plainly. */
function brokenOff(err: unknown, signal: AbortSignal | undefined): unknown {
  if (err instanceof CliError || err instanceof APIError) return err;
  if (signal?.aborted) return interruptedError();
  return new CliError(`the response stream broke off before the response was complete (${reason(err)})`, {
    type: 'stream_incomplete',
    hint: 'try again; --no-stream waits for the whole response instead',
    cause: err,
  });
}

function reason(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
