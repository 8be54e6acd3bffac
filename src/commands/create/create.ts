// tfy-llm create: every input and parameter checked first, then one request, then the response.
import type { ResponseCreateParamsNonStreaming, ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { requestIdIn, resolvedModelIn } from '../../http/gateway-headers.ts';
import { attachmentParts } from '../../request/attachments.ts';
import { printBackground } from '../../output/background.ts';
import { bodyFields } from '../../request/create-flags.ts';
import { buildCreateBody, type CreateBody } from '../../request/create-body.ts';
import { inputJson, promptText, stdinReader, userInput, type Input } from '../../request/input.ts';
import { parseResponseBody, printResponse } from '../../output/print.ts';
import { requestBody } from '../../request/body.ts';
import type { ResponseLike } from '../../output/render.ts';
import { checkAll, problem } from '../../errors/problems.ts';
import { schemaFormat } from '../../request/schema-format.ts';
import { startSpinner } from '../../terminal/spinner.ts';
import { printStream, wantsStream } from '../../output/stream.ts';
import { withIdleTimeout } from '../../http/timeouts.ts';
import { requireConnection, routeModel } from '../../config/settings.ts';
import { tfyMetadataHeaders } from '../../http/tfy-metadata.ts';
import { connect, settingsFor } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { afterCreate, previousResponse } from '../../history/follow-up.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

export async function execute([words]: ArgsOf<typeof spec>, flags: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const settings = settingsFor(flags, deps);
  const connection = requireConnection(settings);
  const readStdin = stdinReader(deps.io.stdin);

  // Every check runs before any request, and all their problems are reported together.
  const [opts, route, input, textFormat, , previous] = await checkAll([
    () => checkOptions(spec, flags),
    () => routeModel(settings, flags.provider),
    () => readInput(words, flags, readStdin),
    () => (flags.schema === undefined ? undefined : schemaFormat(flags.schema, flags.schemaName)),
    () => tfyMetadataHeaders(flags.tfyMetadata, settings.headers),
    () => previousResponse(flags, settings, deps),
  ] as const);
  // A background response is not streamed unless asked: it prints its id and status (or waits with --wait).
  const streaming = wantsStream(opts, deps) && !(opts.background && opts.stream === undefined);
  const fields = { ...bodyFields(opts), textFormat, previousResponseId: previous.previous_response_id, stream: streaming || undefined };
  const body = buildCreateBody(route.model, input, fields, opts.param);

  const started = deps.now();
  const { client, guard, secrets, timeoutMs } = await connect(connection, settings, route.provider, opts, deps);
  const facts = { client, guard, secrets, settings, baseURL: connection.baseURL, provider: route.provider, model: route.model, prompt: inputPreview(input), sentAt: started };
  // Large attachments go from disk into a temporary body file (request-body.ts), removed on every way out.
  const sent = await requestBody(body, deps.io.env);
  const spinner = await startSpinner(`waiting for ${route.model}`, opts, deps.io);
  const options = { signal: deps.signal, ...sent.options };
  try {
    if (streaming) {
      const request = client.responses.create(body as CreateBody & ResponseCreateParamsStreaming, options);
      const { data, response: http } = await guard(request.withResponse());
      const resolvedModel = resolvedModelIn(http.headers);
      const requestId = requestIdIn(http.headers);
      // The streamed response goes into the history like any other, as soon as its final event arrives.
      const onFinal = async (response: ResponseLike): Promise<void> => {
        await afterCreate({ response, raw: JSON.stringify(response), resolvedModel, requestId }, facts, opts, deps);
      };
      // --timeout is the longest silence between two events: a stalled stream is aborted, not waited on.
      const events = withIdleTimeout(data, { ms: timeoutMs, onIdle: () => data.controller.abort(), from: connection.baseURL });
      return await guard(printStream(events, { resolvedModel, requestId, startedAt: started, onFinal, secrets }, opts, deps, spinner.stop));
    }
    const http = await guard(client.responses.create(body as CreateBody & ResponseCreateParamsNonStreaming, options).asResponse());
    const raw = await guard(http.text());
    spinner.stop();
    const created = { response: parseResponseBody(raw), raw, resolvedModel: resolvedModelIn(http.headers), requestId: requestIdIn(http.headers) };
    const done = await afterCreate(created, facts, opts, deps);
    const meta = { raw: done.raw, resolvedModel: done.resolvedModel ?? created.resolvedModel, requestId: done.requestId ?? created.requestId, elapsedMs: deps.now() - started, secrets };
    if (body.background === true && !opts.wait) return printBackground(done.response, meta, opts, deps.io);
    return await printResponse(done.response, meta, opts, deps.io);
  } finally {
    // Every way out (an error, Ctrl-C) clears the spinner and gives the cursor back.
    spinner.stop();
    await sent.dispose();
  }
}

/** The text the history previews: the prompt, or the first text part of the input items. */
function inputPreview(input: Input): string {
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

/** The prompt with its attachments, or the whole array from --input-json (which cannot be mixed with them). */
async function readInput(words: string[], opts: RawOptionsOf<typeof spec>, readStdin: () => Promise<string>): Promise<Input> {
  const images = opts.image ?? [];
  const files = opts.file ?? [];
  if (opts.inputJson !== undefined) {
    const mixed = [words.length > 0 && 'a prompt', images.length > 0 && '--image', files.length > 0 && '--file'].filter(Boolean);
    if (mixed.length > 0) throw problem(`--input-json replaces the whole input: drop ${mixed.join(' and ')}`, 'put the text and attachments in the JSON instead');
    return inputJson(opts.inputJson, readStdin);
  }
  const [text, parts] = await checkAll([() => promptText(words, readStdin), () => attachmentParts(images, files, opts.imageDetail)] as const);
  return userInput(text, parts);
}
