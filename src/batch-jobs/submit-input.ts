// The requests of `batch submit`, from the shared input module: the whole input checked first (every
// bad line by number, nothing sent while any remain), then read again, line by line, into Batch API
// lines for the endpoint. Prompt objects and text lines become create's own body (line-body.ts), as
// chat bodies for --endpoint chat; Batch API lines pass through. Every request names a model of the
// job's one provider account, and the same model.
import { InvalidInput, type Problem } from '../errors/problems.ts';
import { UsageError } from '../errors/errors.ts';
import type { Settings } from '../config/settings.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import { toChatBody } from './chat-body.ts';
import { checkInput, readLines, type LineProblem } from '../batch/input-check.ts';
import type { InputFormat } from '../batch/input-lines.ts';
import { lineRequest, type LineDefaults } from '../batch/line-body.ts';
import type { LineSpec } from '../batch/line-spec.ts';
import type { BatchRequestLine } from './parts.ts';

export type Endpoint = '/v1/responses' | '/v1/chat/completions';

export interface SubmitInput {
  path: string;
  format: InputFormat | undefined;
  endpoint: Endpoint;
  defaults: LineDefaults;
  settings: Settings;
}

// Problems named one by one; past this, counted.
const PROBLEMS_SHOWN = 20;

/** Checks every line; the job's provider when all is well, else one usage error naming every bad line. */
export async function checkSubmitInput(input: SubmitInput): Promise<{ provider: string; count: number }> {
  let provider = input.defaults.provider;
  let first: { model: string; line: number } | undefined;
  const check = async (spec: LineSpec): Promise<void> => {
    const { body } = await requestFor(spec, input);
    const model = typeof body['model'] === 'string' ? body['model'] : undefined;
    if (model === undefined) throw new InvalidInput([{ message: 'no model', hint: 'pass -m provider/model, or give "model" on the line' }]);
    const prefix = model.indexOf('/') > 0 ? model.slice(0, model.indexOf('/')) : undefined;
    provider ??= prefix;
    if (prefix !== undefined && prefix !== provider) {
      throw new InvalidInput([{ message: `the model ${model} is of the provider ${prefix}, but a batch runs on one provider account (${provider})`, hint: 'submit the requests of each provider as their own job' }]);
    }
    // A provider's batch service runs one model per batch file (OpenAI's, Bedrock's and Vertex's alike).
    first ??= { model, line: spec.number };
    if (model !== first.model) {
      throw new InvalidInput([{ message: `the model ${model} is not the job's model, ${first.model} (line ${first.line}): a batch runs one model`, hint: 'submit the requests of each model as their own job, or send them with tfy-llm batch run, which mixes models freely' }]);
    }
  };
  const checked = await checkInput(input.path, input.format, check);
  if (checked.problems.length > 0) throw lineProblems(checked.problems);
  if (checked.count === 0) throw new UsageError('the input holds no requests', { hint: 'one prompt per line (text), or one JSON object per line (JSONL)' });
  provider ??= input.settings.provider?.value;
  if (provider === undefined) {
    throw new UsageError('no provider for the batch: the models have no provider/ prefix, and none is set', {
      hint: 'give the model as provider/model (-m my-openai/gpt-4o), or pass --provider <name>',
    });
  }
  return { provider, count: checked.count };
}

/** The checked input again, as Batch API lines for the endpoint. */
export async function* submitRequests(input: SubmitInput): AsyncGenerator<BatchRequestLine> {
  for await (const { number, parsed } of readLines(input.path, input.format)) {
    // Checked already; a file changed since is caught here rather than sent half-read.
    if (!parsed.ok) throw lineProblems(parsed.problems.map((p) => ({ ...p, line: number })));
    const { body } = await requestFor(parsed.spec, input);
    yield { line: number, customId: parsed.spec.customId, request: { custom_id: parsed.spec.customId, method: 'POST', url: input.endpoint, body } };
  }
}

async function requestFor(spec: LineSpec, input: SubmitInput): Promise<{ body: Record<string, unknown> }> {
  if (spec.kind === 'batch') {
    if (spec.url !== input.endpoint) {
      throw new InvalidInput([{ message: `"url" is ${spec.url}, but this job sends to ${input.endpoint}`, hint: `--endpoint ${spec.url === '/v1/chat/completions' ? 'chat' : 'responses'} for these lines` }]);
    }
    // A Batch API line goes as it came.
    const body: Record<string, unknown> = {};
    if (spec.model !== undefined) body['model'] = spec.model;
    if (spec.input !== undefined) body['input'] = spec.input;
    return { body: { ...body, ...spec.fields } };
  }
  const { body } = await lineRequest(spec, input.defaults);
  if (input.endpoint === '/v1/responses') return { body };
  const chat = toChatBody(body);
  if ('problem' in chat) throw new InvalidInput([{ message: chat.problem }]);
  return chat;
}

function lineProblems(problems: readonly LineProblem[]): InvalidInput {
  const shown: Problem[] = problems.slice(0, PROBLEMS_SHOWN).map((p) => ({ message: `line ${p.line}: ${forTerminal(p.message)}`, hint: p.hint }));
  if (problems.length > PROBLEMS_SHOWN) shown.push({ message: `and ${problems.length - PROBLEMS_SHOWN} more bad lines` });
  return new InvalidInput(shown);
}
