// One responses.create, sent and printed: the request body (large attachments from disk), the spinner,
// the stream or the whole answer, the local history, then the output in the mode asked for.
// create sends one of these; chat sends one per turn, so both render an answer the same way.
import type { ResponseCreateParamsNonStreaming, ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { requestIdIn, resolvedModelIn } from '../http/gateway-headers.ts';
import { printBackground } from '../output/background.ts';
import type { CreateBody } from '../request/create-body.ts';
import type { Input } from '../request/input.ts';
import { parseResponseBody, printResponse } from '../output/print.ts';
import { requestBody } from '../request/body.ts';
import type { ResponseLike } from '../output/render.ts';
import { startSpinner } from '../terminal/spinner.ts';
import { printStream, type StreamOptions } from '../output/stream.ts';
import { withIdleTimeout } from '../http/timeouts.ts';
import type { Settings } from '../config/settings.ts';
import type { Connected } from '../http/connect.ts';
import type { CommandDeps } from '../spec/deps.ts';
import { afterCreate, type FollowUpOptions } from '../history/follow-up.ts';

export type SendOptions = FollowUpOptions & StreamOptions;

/** Where the request goes and what the history notes about it. */
export interface Exchange {
  connected: Connected;
  settings: Settings;
  provider: string | undefined;
  model: string;
  /** deps.now() when the command started working on this request (the footer's time counts from it). */
  startedAt: number;
  /** Told the final response once it arrived, before it is printed (chat follows on from it). */
  onResponse?: ((response: ResponseLike) => void) | undefined;
}

/** Resolves to the exit code the response calls for. */
export async function sendCreate(body: CreateBody, exchange: Exchange, opts: SendOptions, deps: CommandDeps): Promise<number> {
  const { connected, startedAt: started } = exchange;
  const { client, guard, secrets, timeoutMs, baseURL } = connected;
  const facts = { client, guard, secrets, settings: exchange.settings, baseURL, provider: exchange.provider, model: exchange.model, prompt: inputPreview(body.input), sentAt: started };
  // Large attachments go from disk into a temporary body file (request-body.ts), removed on every way out.
  const sent = await requestBody(body, deps.io.env);
  const spinner = await startSpinner(`waiting for ${exchange.model}`, opts, deps.io);
  // A 429 or 5xx is retried: the spinner says so, and when, instead of still "waiting for …".
  connected.onRetry((text) => spinner.update(text));
  const options = { signal: deps.signal, ...sent.options };
  try {
    if (body.stream === true) {
      // The wait for the stream's headers has one deadline, not one per attempt (which the SDK would retry).
      const headers = client.headerDeadline();
      const signal = headers.signal && options.signal ? AbortSignal.any([options.signal, headers.signal]) : (headers.signal ?? options.signal);
      const request = client.responses.create(body as CreateBody & ResponseCreateParamsStreaming, { ...options, signal });
      const { data, response: http } = await guard(request.withResponse()).finally(headers.clear);
      const resolvedModel = resolvedModelIn(http.headers);
      const requestId = requestIdIn(http.headers);
      // The streamed response goes into the history like any other, as soon as its final event arrives.
      const onFinal = async (response: ResponseLike, endedAt: number): Promise<void> => {
        exchange.onResponse?.(response);
        await afterCreate({ response, raw: JSON.stringify(response), resolvedModel, requestId }, { ...facts, doneAt: endedAt }, opts, deps);
      };
      // The longest silence between two events: a stalled stream is aborted, not waited on (an explicit
      // --timeout also bounds the whole stream: it is in the request's signal).
      const events = withIdleTimeout(data, { ms: timeoutMs, onIdle: () => data.controller.abort(), from: baseURL });
      return await guard(printStream(events, { resolvedModel, requestId, startedAt: started, onFinal, secrets }, opts, deps, spinner.stop));
    }
    const http = await guard(client.responses.create(body as CreateBody & ResponseCreateParamsNonStreaming, options).asResponse());
    const raw = await guard(http.text());
    spinner.stop();
    const created = { response: parseResponseBody(raw), raw, resolvedModel: resolvedModelIn(http.headers), requestId: requestIdIn(http.headers) };
    // One clock reading for the history's duration and the footer's time (unless --wait polls on after it).
    const doneAt = deps.now();
    const done = await afterCreate(created, { ...facts, doneAt }, opts, deps);
    exchange.onResponse?.(done.response);
    const waited = done !== created;
    const meta = { raw: done.raw, resolvedModel: done.resolvedModel ?? created.resolvedModel, requestId: done.requestId ?? created.requestId, elapsedMs: (waited ? deps.now() : doneAt) - started, secrets };
    if (body.background === true && !opts.wait) return printBackground(done.response, meta, opts, deps.io);
    return await printResponse(done.response, meta, opts, deps.io);
  } catch (err) {
    spinner.stop();
    // Only on this failure path: a model the gateway does not know gets the nearest names it lists.
    const { withModelSuggestions } = await import('../models/suggest-error.ts');
    throw await withModelSuggestions(err, exchange.model, exchange.settings, opts, deps);
  } finally {
    // Every way out (an error, Ctrl-C) clears the spinner and gives the cursor back.
    spinner.stop();
    await sent.dispose();
  }
}

/** The text the history previews: the prompt, or the first text part of the input items. */
export function inputPreview(input: Input): string {
  if (typeof input === 'string') return input;
  for (const item of input) {
    const content = item.content;
    if (typeof content === 'string') return content;
    if (!Array.isArray(content)) continue;
    const text = content.find((part: unknown) => (part as { type?: unknown })?.type === 'input_text') as { text?: unknown } | undefined;
    if (typeof text?.text === 'string') return text.text;
  }
  return '';
}
