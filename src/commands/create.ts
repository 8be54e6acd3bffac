// tfy-llm create: one prompt in, one response out.
import { UsageError } from '../core/errors.ts';
import { parseResponseBody, printResponse } from '../core/output.ts';
import { requireConnection, routeModel } from '../core/settings.ts';
import { connect, settingsFor, type CommandDeps, type CommonOptions } from './common.ts';

export interface CreateOptions extends CommonOptions {
  model?: string;
}

export async function execute(args: unknown[], opts: CreateOptions, deps: CommandDeps): Promise<number> {
  const words = (args[0] as string[] | undefined) ?? [];
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const prompt = await readPrompt(words, deps);
  const { model, provider } = routeModel(settings, opts.provider);
  const body = { model, input: prompt };

  const started = deps.now();
  const { client, guard } = await connect(connection, settings, provider, opts, deps);
  const http = await guard(client.responses.create(body, { signal: deps.signal }).asResponse());
  const raw = await guard(http.text());
  const response = parseResponseBody(raw);
  const meta = { raw, resolvedModel: http.headers.get('x-tfy-resolved-model') ?? undefined, elapsedMs: deps.now() - started };
  return printResponse(response, meta, opts, deps.io);
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
