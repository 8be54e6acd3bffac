// Checking a batch's input file the way the Batch API does before it runs anything: every line a JSON
// object with a unique custom_id, method POST, the batch's endpoint as url, and a body naming a model
// of this provider. Any error fails the whole batch (status `failed`, with the errors by line).
import { isObject } from './http.ts';

export interface BatchLine {
  customId: string;
  body: Record<string, unknown>;
}

export interface BatchLineError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** The input file's lines, or the errors that fail it (at most `MAX_ERRORS`, as a real gateway caps them). */
export function checkBatchLines(content: Buffer, endpoint: string, provider: string, maxLines: number): { lines: BatchLine[]; errors: BatchLineError[] } {
  const lines: BatchLine[] = [];
  const errors: BatchLineError[] = [];
  const seen = new Set<string>();
  const texts = content.toString('utf8').split('\n');
  if (texts.at(-1) === '') texts.pop();
  if (texts.length === 0) errors.push({ code: 'empty_file', message: 'The input file is empty.', param: null, line: null });
  if (texts.length > maxLines) {
    errors.push({ code: 'too_many_requests', message: `The input file has ${texts.length} requests: at most ${maxLines} are allowed.`, param: null, line: null });
  }
  texts.forEach((text, index) => {
    if (errors.length >= MAX_ERRORS) return;
    const line = index + 1;
    const problem = (code: string, message: string, param: string | null = null): void => {
      errors.push({ code, message, param, line });
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return problem('invalid_json_line', 'This line is not valid JSON.');
    }
    if (!isObject(parsed)) return problem('invalid_request', 'Each line must be a JSON object.');
    const customId = parsed['custom_id'];
    if (typeof customId !== 'string' || customId === '') return problem('missing_required_parameter', "Missing 'custom_id'.", 'custom_id');
    if (seen.has(customId)) return problem('duplicate_custom_id', `The custom_id '${customId}' is used more than once.`, 'custom_id');
    seen.add(customId);
    if (parsed['method'] !== 'POST') return problem('invalid_method', "The method must be 'POST'.", 'method');
    if (parsed['url'] !== endpoint) return problem('invalid_url', `The url must be the batch's endpoint, '${endpoint}'.`, 'url');
    const body = parsed['body'];
    if (!isObject(body)) return problem('invalid_request', "Missing 'body'.", 'body');
    const modelProblem = checkModel(body['model'], provider);
    if (modelProblem) return problem(modelProblem.code, modelProblem.message, 'body.model');
    const required = endpoint === '/v1/chat/completions' ? 'messages' : 'input';
    if (body[required] === undefined) return problem('missing_required_parameter', `Missing 'body.${required}'.`, `body.${required}`);
    lines.push({ customId, body });
  });
  return { lines, errors };
}

const MAX_ERRORS = 100;

/**
 * Batches run on one provider account, so a line must name a real model of the provider the batch
 * was created through: `model` or `provider/model`. A virtual model (a routing rule spanning
 * providers; here any whose provider part starts with `virtual`) cannot be batched.
 */
function checkModel(model: unknown, provider: string): { code: string; message: string } | undefined {
  if (typeof model !== 'string' || model.trim() === '') return { code: 'missing_required_parameter', message: "Missing 'body.model'." };
  const slash = model.lastIndexOf('/');
  const prefix = slash === -1 ? '' : model.slice(0, slash);
  if (prefix.startsWith('virtual')) {
    return { code: 'virtual_model_not_supported', message: `The model '${model}' is a virtual model: batches need a model of the provider account, e.g. '${provider}/gpt-4o'.` };
  }
  if (prefix !== '' && prefix !== provider) {
    return { code: 'model_provider_mismatch', message: `The model '${model}' is not served by the provider '${provider}' this batch was created through.` };
  }
  return undefined;
}
