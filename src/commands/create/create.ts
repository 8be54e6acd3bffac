// tfy-llm create: every input and parameter checked first, then one request, then the response.
import { attachmentParts } from '../../request/attachments.ts';
import { bodyChecks, bodyFrom } from '../../request/create-request.ts';
import { inputJson, promptText, stdinReader, userInput, type Input, type StdinSource } from '../../request/input.ts';
import { checkAll, problem } from '../../errors/problems.ts';
import { wantsStream } from '../../output/stream.ts';
import { sendCreate } from '../../respond/send.ts';
import { requireConnection } from '../../config/settings.ts';
import { tfyMetadataHeaders } from '../../http/tfy-metadata.ts';
import { connect, settingsFor } from '../../http/connect.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { previousResponse } from '../../history/follow-up.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

export async function execute([words]: ArgsOf<typeof spec>, flags: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const settings = settingsFor(flags, deps);
  const connection = requireConnection(settings);
  // --no-stdin (stdin: false) leaves stdin alone, as a loop reading its own list needs; `-i -` makes it the image.
  const stdin = stdinReader(deps.io.stdin, { enabled: flags.stdin !== false, isImage: (flags.image ?? []).some((a) => a.ref === '-') });

  // Every check runs before any request, and all their problems are reported together.
  const [opts, route, input, textFormat, , previous] = await checkAll([
    ...bodyChecks(() => checkOptions(spec, flags), flags, settings, flags.provider, () => readInput(words, flags, stdin, deps.signal)),
    () => tfyMetadataHeaders(flags.tfyMetadata, settings.headers),
    () => previousResponse(flags, settings, deps),
  ] as const);
  // A background response is not streamed unless asked: it prints its id and status (or waits with --wait).
  const streaming = wantsStream(opts, deps) && !(opts.background && opts.stream === undefined);
  const body = bodyFrom([opts, route, input, textFormat], { previousResponseId: previous.previous_response_id, stream: streaming || undefined });

  const started = deps.now();
  const connected = await connect(connection, settings, route.provider, opts, deps);
  const exchange = { connected, settings, provider: route.provider, model: route.model, startedAt: started };
  return await sendCreate(body, exchange, opts, deps);
}

/** The prompt with its attachments, or the whole array from --input-json (which cannot be mixed with them). */
async function readInput(words: string[], opts: RawOptionsOf<typeof spec>, stdin: StdinSource, signal: AbortSignal | undefined): Promise<Input> {
  const images = opts.image ?? [];
  const files = opts.file ?? [];
  const readStdin = () => stdin.text();
  const stdinOff = opts.stdin === false;
  if (opts.inputJson !== undefined) {
    const mixed = [words.length > 0 && 'a prompt', images.length > 0 && '--image', files.length > 0 && '--file'].filter(Boolean);
    if (mixed.length > 0) throw problem(`--input-json replaces the whole input: drop ${mixed.join(' and ')}`, 'put the text and attachments in the JSON instead');
    return inputJson(opts.inputJson, readStdin, stdinOff, signal);
  }
  const [text, parts] = await checkAll([() => promptText(words, readStdin, stdinOff), () => attachmentParts(images, files, opts.imageDetail, () => stdin.bytes(), signal)] as const);
  return userInput(text, parts);
}
