// tfy-llm create: one prompt in, one response out.
import { UsageError } from '../core/errors.ts';
import { parseResponseBody, printResponse } from '../core/output.ts';
import { requireConnection, routeModel } from '../core/settings.ts';
import { startSpinner } from '../core/spinner.ts';
import { printStream, wantsStream } from '../core/stream.ts';
import { connect, settingsFor, type CommandDeps, type CommonOptions } from './common.ts';

export interface CreateOptions extends CommonOptions {
  model?: string;
  /** --stream / --no-stream; undefined: stream when stdout is a terminal and --json is off. */
  stream?: boolean;
  /** --text: the plain text even on a terminal. */
  text?: boolean;
}

const RESOLVED_MODEL = 'x-tfy-resolved-model';

export async function execute(args: unknown[], opts: CreateOptions, deps: CommandDeps): Promise<number> {
  const words = (args[0] as string[] | undefined) ?? [];
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const prompt = await readPrompt(words, deps);
  const { model, provider } = routeModel(settings, opts.provider);
  const body = { model, input: prompt };

  const started = deps.now();
  const { client, guard } = await connect(connection, settings, provider, opts);
  const spinner = await startSpinner(`waiting for ${model}`, opts, deps.io);
  try {
    if (wantsStream(opts, deps)) {
      const { data, response: http } = await guard(client.responses.create({ ...body, stream: true }, { signal: deps.signal }).withResponse());
      const meta = { resolvedModel: http.headers.get(RESOLVED_MODEL) ?? undefined, startedAt: started };
      return await guard(printStream(data, meta, opts, deps, spinner.stop));
    }
    const http = await guard(client.responses.create(body, { signal: deps.signal }).asResponse());
    const raw = await guard(http.text());
    spinner.stop();
    const response = parseResponseBody(raw);
    const meta = { raw, resolvedModel: http.headers.get(RESOLVED_MODEL) ?? undefined, elapsedMs: deps.now() - started };
    return await printResponse(response, meta, opts, deps.io);
  } finally {
    // Every way out (an error, Ctrl-C) clears the spinner and gives the cursor back.
    spinner.stop();
  }
}

/** The words, stdin, or both: stdin text, a blank line, then the words. `-` means stdin only. */
async function readPrompt(words: string[], deps: CommandDeps): Promise<string> {
  const stdinOnly = words.length === 1 && words[0] === '-';
  const typed = stdinOnly ? '' : words.join(' ');
  const piped = deps.io.stdin.isTTY ? '' : (await readAll(deps.io.stdin)).replace(/\s+$/, '');
  const prompt = piped && typed ? `${piped}\n\n${typed}` : piped || typed;
  if (!prompt.trim()) {
    throw new UsageError('no prompt given', { hint: 'pass the prompt as words, or pipe it on stdin: echo "hi" | tfy-llm create -m provider/model' });
  }
  return prompt;
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
