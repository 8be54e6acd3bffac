// tfy-llm create: one prompt in, one response out.
import { UsageError } from '../core/errors.ts';
import { parseResponseBody, printResponse } from '../core/output.ts';
import { requireConnection, routeModel } from '../core/settings.ts';
import { connect, settingsFor, type CommandDeps } from './common.ts';
import { afterCreate, previousResponse, type FollowUpOptions } from './create-follow-up.ts';

export interface CreateOptions extends FollowUpOptions {
  model?: string;
  background?: boolean;
}

export async function execute(args: unknown[], opts: CreateOptions, deps: CommandDeps): Promise<number> {
  const words = (args[0] as string[] | undefined) ?? [];
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const prompt = await readPrompt(words, deps);
  const { model, provider } = routeModel(settings, opts.provider);
  // `background` minimal here (issue 5 needs it for --wait and cancel); issue 3 owns the create flags.
  const body = { model, input: prompt, ...(opts.background ? { background: true } : {}), ...(await previousResponse(opts, settings, deps)) };

  const started = deps.now();
  const { client, guard, secrets } = await connect(connection, settings, provider, opts, deps);
  const http = await guard(client.responses.create(body, { signal: deps.signal }).asResponse());
  const raw = await guard(http.text());
  const created = { response: parseResponseBody(raw), raw, resolvedModel: http.headers.get('x-tfy-resolved-model') ?? undefined };
  const done = await afterCreate(created, { client, guard, secrets, settings, baseURL: connection.baseURL, provider, model, prompt, sentAt: started }, opts, deps);
  const meta = { raw: done.raw, resolvedModel: done.resolvedModel ?? created.resolvedModel, elapsedMs: deps.now() - started };
  return printResponse(done.response, meta, opts, deps.io);
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
