// The demo gateway's models. Any name works and answers normally; these
// names misbehave on purpose so the CLI's error paths can be tried and tested.
import type { ServerResponse } from 'node:http';
import { GatewayError } from './http.ts';
import type { Settings } from './types.ts';
import { editDistance } from '../models/suggest.ts';

export const SPECIAL_MODELS: Readonly<Record<string, string>> = {
  'always-500': 'answers 500 server_error',
  'rate-limited': 'answers 429 rate_limit_exceeded with Retry-After',
  slow: 'answers after a delay',
  incomplete: 'status incomplete (max_output_tokens) with partial text',
  failed: 'status failed with an error and no output (HTTP 200)',
  'html-error': 'answers 502 with an HTML page',
  'empty-error': 'answers 500 with an empty body',
  'forbidden-model': 'answers 403 permission_error',
  'bad-request': "answers 400 invalid_request_error for param 'model'",
  'slow-stream': 'streams, pausing after the first delta',
  'cut-stream': 'streams two deltas, then drops the connection',
  'stream-error': 'streams one delta, then an error event (no final event)',
  reasoning: 'a reasoning summary, then the text',
  refusal: 'a refusal instead of text',
  'tool-call': 'a get_weather function call instead of text',
};

/**
 * A prompt that names a behaviour (`demo:always-500`): how one request asks for it when its model is the
 * same as its neighbours' (a batch runs one model; a batch run's lines are moved to the gateway unchanged).
 */
export function promptTrigger(prompt: unknown): string | undefined {
  const match = typeof prompt === 'string' ? /^demo:([\w-]+)$/.exec(prompt.trim()) : null;
  return match?.[1];
}

/** The part of the model id that picks the behaviour: `openai-main/slow` → `slow`. */
export function modelName(model: string): string {
  return model.slice(model.lastIndexOf('/') + 1);
}

/** The API error a model named to fail answers with (a batch line gets it as its result), or undefined. */
export function modelError(name: string, model: string, settings: Settings): GatewayError | undefined {
  switch (name) {
    case 'always-500':
      return new GatewayError(500, 'The server had an error while processing your request.', 'server_error', {
        code: 'server_error',
      });
    case 'rate-limited':
      return new GatewayError(429, 'Rate limit reached for this model. Please try again later.', 'rate_limit_exceeded', {
        code: 'rate_limit_exceeded',
        headers: { 'retry-after': String(settings.retryAfterSeconds) },
      });
    case 'forbidden-model':
      return new GatewayError(403, `this key is not allowed to use model ${model}`, 'permission_error', {
        code: 'permission_denied',
      });
    case 'bad-request':
      return new GatewayError(400, `The model '${model}' does not support this request.`, 'invalid_request_error', {
        param: 'model',
        code: 'unsupported_model',
      });
    default:
      return undefined;
  }
}

/**
 * Fails the request the way `name` asks for, before any output: throws a
 * GatewayError, or writes a non-JSON reply itself and returns true.
 */
export function failBeforeOutput(name: string, model: string, res: ServerResponse, settings: Settings): boolean {
  const error = modelError(name, model, settings);
  if (error) throw error;
  switch (name) {
    case 'html-error': {
      // What a proxy in front of a gateway sends when the gateway is down.
      const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
      res.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return true;
    }
    case 'empty-error':
      res.writeHead(500, { 'content-length': 0 });
      res.end();
      return true;
    default:
      return false;
  }
}

/**
 * What GET /models lists, per provider account, as a TrueFoundry gateway does (`provider/model` ids).
 * Prices (USD per million tokens) are given for a few only, so both kinds of listing can be tried.
 */
export const CATALOGUE: Readonly<Record<string, readonly string[]>> = {
  'my-openai': ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o4-mini', ...Object.keys(SPECIAL_MODELS)],
  'my-anthropic': ['claude-sonnet-4', 'claude-3-5-haiku'],
  'demo-openai': ['gpt-4o', 'gpt-4o-mini'],
};

const PRICES: Readonly<Record<string, { input: number; output: number }>> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'claude-sonnet-4': { input: 3, output: 15 },
};

export function modelList(): { object: 'list'; data: object[] } {
  const data = Object.entries(CATALOGUE).flatMap(([provider, names]) =>
    names.map((name) => {
      const price = provider === 'my-anthropic' || provider === 'my-openai' ? PRICES[name] : undefined;
      return { id: `${provider}/${name}`, object: 'model', created: 0, owned_by: provider, ...(price ? { pricing: price } : {}) };
    }),
  );
  return { object: 'list', data };
}

/**
 * A real gateway refuses any model it does not list; this one answers any name (tests and examples use
 * many), except a near miss of one it lists, one or two letters off: a typo, refused as unknown (404),
 * so the CLI's suggestions can be tried.
 */
export function refuseNearMiss(model: string): void {
  const slash = model.indexOf('/');
  if (slash <= 0) return;
  const provider = model.slice(0, slash);
  const name = model.slice(slash + 1);
  const near = (a: string, b: string) => a !== b && editDistance(a, b, 2) <= 2;
  const listed = CATALOGUE[provider];
  if (listed === undefined) {
    if (Object.keys(CATALOGUE).some((known) => near(provider, known))) {
      throw new GatewayError(404, `Provider account '${provider}' not found`, 'invalid_request_error', { param: 'model', code: 'model_not_found' });
    }
    return;
  }
  if (!listed.includes(name) && listed.some((known) => near(name, known))) {
    throw new GatewayError(404, `Model '${model}' not found`, 'invalid_request_error', { param: 'model', code: 'model_not_found' });
  }
}
