// tfy-llm create: one prompt in, one response out.
import { CliError, ExitCode, UsageError } from '../core/errors.ts';
import { makeChalk } from '../core/io.ts';
import { footer, jsonDocument, plainText, type ResponseLike } from '../core/render.ts';
import { requireConnection, routeModel } from '../core/settings.ts';
import { connect, settingsFor, type CommandDeps, type CommonOptions } from './common.ts';

export interface CreateOptions extends CommonOptions {
  model?: string;
}

export async function execute(args: unknown[], opts: CreateOptions, deps: CommandDeps): Promise<number> {
  const words = (args[0] as string[] | undefined) ?? [];
  const { io } = deps;
  const settings = settingsFor(opts, deps);
  const connection = requireConnection(settings);
  const prompt = await readPrompt(words, deps);
  const { model, provider } = routeModel(settings, opts.provider);
  const body = { model, input: prompt };

  const started = deps.now();
  const { client, guard } = await connect(connection, settings, provider, opts);
  const http = await guard(client.responses.create(body, { signal: deps.signal }).asResponse());
  const raw = await guard(http.text());
  const response = parseResponse(raw);
  const elapsedMs = deps.now() - started;

  if (opts.json) {
    io.stdout.write(jsonDocument(raw, response, io.stdout.isTTY === true));
  } else {
    io.stdout.write(plainText(response));
    if (io.stdout.isTTY) {
      const resolvedModel = http.headers.get('x-tfy-resolved-model') ?? undefined;
      io.stderr.write(footer(response, { resolvedModel, elapsedMs }, makeChalk(io.stderr, io.env, opts.color === false)));
    }
  }
  return statusExitCode(response, deps, opts);
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

function parseResponse(raw: string): ResponseLike {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object') return parsed as ResponseLike;
  } catch {
    // fall through to the error below
  }
  throw new CliError('the gateway answered with something that is not a JSON response object', {
    hint: 'check that the base URL points at an OpenAI-compatible gateway',
  });
}

function statusExitCode(response: ResponseLike, deps: CommandDeps, opts: CreateOptions): number {
  if (response.status === 'failed') {
    const why = response.error?.message ?? 'no reason given';
    throw new CliError(`the response ${response.id ?? ''} failed: ${why}`.replace('  ', ' '), { type: 'response_failed' });
  }
  if (response.status === 'incomplete') {
    const chalk = makeChalk(deps.io.stderr, deps.io.env, opts.color === false);
    const reason = response.incomplete_details?.reason ?? 'unknown reason';
    deps.io.stderr.write(`${chalk.yellow('warning:')} the response is incomplete (${reason})\n`);
  }
  return ExitCode.ok;
}
