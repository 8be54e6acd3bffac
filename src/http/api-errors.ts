// The gateway answered with an HTTP error: its own words, the right exit code, and a hint where the fix is known.
import type { APIError } from 'openai/error';
import { CliError, ExitCode, oneLine } from '../errors/errors.ts';
import type { ErrorContext, LastRequest } from './error-context.ts';
import { requestIdIn } from './gateway-headers.ts';
import { scrub } from '../terminal/redact.ts';
import { forTerminal } from '../terminal/safe-text.ts';

/** TrueFoundry's two gateway forms, for a base URL that leads nowhere. */
export const BASE_URL_FORMS = 'https://gateway.truefoundry.ai or https://<control-plane>/api/llm';

/** The hint of an error about the model's name; create replaces it with the nearest listed names. */
export const MODEL_HINT = 'check the model id (provider/model, as the gateway lists it; tfy-llm models lists them)';

const PROVIDER_HINT = 'set the provider with --provider <name> (or TFY_LLM_PROVIDER), or give the model as provider/model, e.g. my-openai/gpt-4o';

export function fromApiError(err: APIError, context: ErrorContext): CliError {
  const status = err.status ?? 0;
  const body = describeBody(err, context.secrets ?? []);
  const code = typeof err.code === 'string' ? err.code : undefined;
  const base = {
    status: err.status,
    requestId: requestIdOf(err),
    type: err.type ?? (body.json ? 'api_error' : 'invalid_response'),
    cause: err,
  };
  const facts: string[] = [];
  // An error event inside a stream has no HTTP status of its own.
  if (body.json && err.status !== undefined) facts.push(`HTTP ${status}`);
  if (err.param) facts.push(`param ${err.param}`);
  const attempts = context.lastRequest?.attempts ?? 1;
  if (attempts > 1) facts.push(`${attempts} attempts`);
  const message = facts.length === 0 ? body.text : `${body.text} (${facts.join(', ')})`;

  if (status >= 300 && status < 400) return redirected(context, base);
  if (status === 401) {
    return new CliError(message, { ...base, exitCode: ExitCode.auth, hint: 'check the API key (TFY_API_KEY, or tfy-llm config set api-key)' });
  }
  if (status === 403) {
    return new CliError(message, { ...base, exitCode: ExitCode.auth, hint: 'this key may not use that provider or model; ask your gateway admin' });
  }
  if (status === 404) return new CliError(message, { ...base, exitCode: ExitCode.notFound, hint: notFoundHint(body, code, context) });
  if (status === 429) {
    return new CliError(message, { ...base, exitCode: ExitCode.rateLimited, hint: 'wait and try again, or allow more retries with --max-retries <n>' });
  }
  if ((status === 400 || status === 422) && (code === 'model_not_found' || (err.param === 'model' && /not (found|known|exist)|unknown|invalid model/i.test(body.text)))) {
    return new CliError(message, { ...base, exitCode: ExitCode.failure, hint: MODEL_HINT });
  }
  if (status === 400 && (code === 'missing_provider' || /x-tfy-provider-name|provider (header|name)/i.test(body.text))) {
    return new CliError(message, { ...base, exitCode: ExitCode.failure, hint: PROVIDER_HINT });
  }
  return new CliError(message, { ...base, exitCode: ExitCode.failure, hint: body.hint ?? (status >= 500 ? 'the gateway or its provider failed; try again later' : undefined) });
}

/**
 * A redirect is never followed (verbose.ts): the base URL is not where the API is. Where it points,
 * shortened to the part before the API path, is what to use instead.
 */
function redirected(context: ErrorContext, base: { status: number | undefined; requestId: string | undefined; cause: unknown }): CliError {
  const last = context.lastRequest;
  const target = last?.location ?? locationOf(base.cause, context.baseURL) ?? '(no Location header)';
  const suggestion = last ? suggestedBaseURL(last.url, target, context.baseURL) : undefined;
  return new CliError(`the base URL redirects to ${forTerminal(target)} (HTTP ${base.status ?? 0}); use that URL`, {
    ...base,
    type: 'redirect',
    exitCode: ExitCode.config,
    hint: suggestion
      ? `tfy-llm follows no redirects (a POST would be lost or sent without its key): set the base URL to ${forTerminal(suggestion)} (--base-url, TFY_LLM_BASE_URL, or tfy-llm config set base-url)`
      : 'tfy-llm follows no redirects (a POST would be lost or sent without its key): set the base URL to where the gateway really is',
  });
}

/** The answer's own Location (absolute), for a caller that keeps no last request (a batch sends many at once). */
function locationOf(err: unknown, baseURL: string | undefined): string | undefined {
  const headers = (err as Partial<Pick<APIError, 'headers'>> | undefined)?.headers;
  const location = headers instanceof Headers ? headers.get('location') : undefined;
  if (!location) return undefined;
  // Absolute, or from the origin's root: the same whatever path the request had. Relative to the request's
  // own path, which this caller does not know: as it came.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(location) && !location.startsWith('/')) return location;
  try {
    return new URL(location, baseURL).href;
  } catch {
    return location;
  }
}

/** The request went to <base>/responses and was sent to <new>/responses: <new> is the base URL to use. */
function suggestedBaseURL(requested: string, target: string, baseURL: string | undefined): string | undefined {
  if (!baseURL) return undefined;
  const tail = requested.startsWith(baseURL.replace(/\/+$/, '')) ? requested.slice(baseURL.replace(/\/+$/, '').length).split('?')[0] ?? '' : '';
  const bare = target.split('?')[0] ?? target;
  if (tail && bare.endsWith(tail)) return bare.slice(0, bare.length - tail.length);
  return undefined;
}

/** A 404 on the create URL itself (or a page that is not the API's) means the base URL is wrong, not the id. */
function notFoundHint(body: BodyDescription, code: string | undefined, context: ErrorContext): string {
  if (body.json && (code === 'model_not_found' || /\bmodel\b/i.test(body.text))) {
    return MODEL_HINT;
  }
  const last = context.lastRequest;
  const atRoot = last !== undefined && last.method === 'POST' && /\/responses\/?$/.test(new URL(last.url).pathname);
  if (!body.json || code === 'unknown_url' || atRoot) {
    return `check the base URL${context.baseURL ? ` (${context.baseURL})` : ''}: a TrueFoundry gateway is ${BASE_URL_FORMS}`;
  }
  return 'check the id; a stored response is found only through the provider that made it (--provider)';
}

interface BodyDescription {
  /** The gateway's message, or what the body was when it was not the API's JSON. */
  text: string;
  /** Whether the body was JSON (the API's error format or some other object). */
  json: boolean;
  hint?: string | undefined;
}

/** The gateway's own message from the body, or a plain description of a body that is not the API's JSON. */
export function describeBody(err: APIError, secrets: readonly string[] = []): BodyDescription {
  const status = err.status ?? 0;
  // The key goes first, then the text is cut: cut first, half a key would survive the scrub.
  const clip = (text: string): string => clipTo(scrub(text, secrets));
  const body = err.error as Record<string, unknown> | undefined;
  if (body !== undefined && body !== null) {
    for (const field of ['message', 'detail', 'error']) {
      const value = body[field];
      if (typeof value === 'string' && value.trim()) return { text: scrub(oneLine(value), secrets), json: true };
    }
    return { text: clip(oneLine(JSON.stringify(body))), json: true };
  }
  // The SDK keeps a non-JSON body as the message, after the status: "502 <html>…", or "500 status code (no body)".
  const raw = err.message.startsWith(`${status} `) ? err.message.slice(`${status} `.length) : err.message;
  const contentType = err.headers?.get('content-type') ?? '';
  if (raw === 'status code (no body)' || raw.trim() === '') {
    return { text: `the gateway answered HTTP ${status} with an empty body`, json: false };
  }
  if (/html/i.test(contentType) || /^\s*<(!doctype|html|head|body)/i.test(raw)) {
    const title = /<(title|h1)[^>]*>([^<]*)</i.exec(raw)?.[2]?.trim();
    return {
      text: `the gateway answered HTTP ${status} with an HTML page, not JSON${title ? ` ("${clip(oneLine(title))}")` : ''}`,
      json: false,
      hint: 'something in front of the gateway (a proxy or load balancer) answered: check the base URL, or try again later',
    };
  }
  return { text: `the gateway answered HTTP ${status}, not with JSON: ${clip(oneLine(raw))}`, json: false };
}

/** TrueFoundry and most gateways send x-request-id; a few use their own name. */
function requestIdOf(err: APIError): string | undefined {
  return err.requestID ?? (err.headers ? requestIdIn(err.headers) : undefined);
}


function clipTo(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A success status with a web page: the base URL leads to a website (often a control plane's UI, which
 * answers every path with its index page), not to the API. The SDK would hand the page on as data.
 */
export function webPageAnswer(last: LastRequest | undefined, baseURL: string): CliError | undefined {
  if (!last?.status || last.status >= 300 || !/text\/html/i.test(last.contentType ?? '')) return undefined;
  return new CliError(`the gateway answered HTTP ${last.status} with an HTML page, not JSON`, {
    status: last.status,
    type: 'invalid_response',
    hint: `the base URL (${baseURL}) seems to lead to a web page: a TrueFoundry gateway is ${BASE_URL_FORMS}`,
  });
}
