// doctor's network checks, with the real openai client: is the gateway there, does it take the key,
// does a minimal request with the provider header get routed. Also the test call of `config init`.
import { createClient } from '../http/client.ts';
import { ExitCode, type CliError } from '../errors/errors.ts';
import type { LastRequest } from '../http/error-context.ts';
import { toCliError } from '../http/failures.ts';
import { BASE_URL_FORMS } from '../http/api-errors.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import type { Check } from './local.ts';
import { skipped } from './local.ts';
import { scrub } from '../terminal/redact.ts';

export interface Probe {
  baseURL: string;
  apiKey: string;
  /** The routing header; undefined when there is none to send. */
  provider: string | undefined;
  /** The model as sent; undefined skips the routing check. */
  model: string | undefined;
  headers: Record<string, string>;
  timeoutMs: number;
  now: () => number;
  signal?: AbortSignal | undefined;
  /** The transport (proxy-aware, --verbose); Node's fetch when absent. */
  fetch?: typeof fetch | undefined;
  /** The proxy requests go through, credentials removed, so a dead one is named. */
  proxy?: string | undefined;
  /** An explicit --timeout: one deadline for all the checks together. */
  commandDeadline?: AbortSignal | undefined;
  /** What the transport saw of the last request (a redirect's target, the attempts). */
  lastRequest?: (() => LastRequest | undefined) | undefined;
}

const DEFAULT_FIX = {
  reach: 'check the base URL (tfy-llm config show) and your network or proxy',
  key: 'set a valid key: tfy-llm config set api-key (or export TFY_API_KEY=…)',
};

const BASE_URL_FIX = `set the base URL to the gateway's API: ${BASE_URL_FORMS} (tfy-llm config set base-url …, or --base-url)`;

/** How many models a 2xx /models answer lists, or what it is instead of a model list. */
function modelCount(contentType: string, body: string): number | { notTheApi: string } {
  if (/text\/html/i.test(contentType) || /^\s*</.test(body)) return { notTheApi: 'a web page (HTML), such as a sign-in page' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { notTheApi: body.trim() === '' ? 'an empty answer' : 'an answer that is not JSON' };
  }
  const data = parsed !== null && typeof parsed === 'object' ? (parsed as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return { notTheApi: `JSON that is not a model list (${forTerminal(JSON.stringify(parsed).slice(0, 60))})` };
  return data.length;
}

export async function probeGateway(probe: Probe): Promise<Check[]> {
  const client = createClient({
    connection: { baseURL: probe.baseURL, key: { kind: 'value', key: probe.apiKey } },
    apiKey: probe.apiKey,
    provider: probe.provider,
    headers: probe.headers,
    timeoutMs: probe.timeoutMs,
    maxRetries: 0,
    fetch: probe.fetch,
    commandDeadline: probe.commandDeadline,
  });
  const fail = (err: unknown): CliError => {
    const error = toCliError(err, { baseURL: probe.baseURL, timeoutMs: probe.timeoutMs, timedOut: client.timedOut, interrupted: probe.signal?.aborted === true, proxy: probe.proxy, lastRequest: probe.lastRequest?.() });
    return Object.assign(error, { message: scrub(error.message, [probe.apiKey]) });
  };

  // GET /models: any HTTP answer means something is there; what the answer looks like says whether it
  // is the gateway's API (a model list) or a wrong base URL (a 404, a web page, other JSON).
  let started = probe.now();
  let status: number | undefined;
  let count = 0;
  let reachError: CliError | undefined;
  let notTheApi: string | undefined;
  try {
    const http = await client.models.list({ signal: probe.signal }).asResponse();
    status = http.status;
    const listed = modelCount(http.headers.get('content-type') ?? '', await http.text());
    if (typeof listed === 'number') count = listed;
    else notTheApi = listed.notTheApi;
  } catch (err) {
    reachError = fail(err);
    status = reachError.status;
  }
  const reachMs = probe.now() - started;
  const reach = { id: 'reachable', name: 'gateway reachable', ms: reachMs };
  if (status === undefined) {
    return [
      { ...reach, status: 'fail', detail: reachError?.message ?? 'no answer', fix: reachError?.hint ?? DEFAULT_FIX.reach, exitCode: reachError?.exitCode ?? ExitCode.failure },
      skipped('key-accepted', 'key accepted', 'the gateway did not answer'),
      skipped('routing', 'provider routing', 'the gateway did not answer'),
    ];
  }
  // The base URL comes first: a key or a provider cannot be judged through a URL that is not the API.
  const wrongBase = notTheApi ?? (status === 404 || reachError?.type === 'redirect' ? reachError?.message ?? `HTTP ${status}` : undefined);
  if (wrongBase !== undefined) {
    const fix = reachError?.type === 'redirect' ? (reachError.hint ?? BASE_URL_FIX) : BASE_URL_FIX;
    // As create reports the same answers: a 404 is 5, a redirect 3, a web page or other JSON 1.
    const exitCode = reachError?.exitCode ?? ExitCode.failure;
    return [
      { ...reach, status: 'fail', detail: `${probe.baseURL} answered, but not as the gateway's API: GET /models got ${wrongBase}`, fix, exitCode },
      skipped('key-accepted', 'key accepted', 'the base URL is not the API'),
      skipped('routing', 'provider routing', 'the base URL is not the API'),
    ];
  }
  const checks: Check[] = [];
  if (status >= 500) {
    checks.push({ ...reach, status: 'fail', detail: `${probe.baseURL} answered ${reachError?.message ?? `HTTP ${status}`} in ${reachMs} ms`, fix: DEFAULT_FIX.reach, exitCode: ExitCode.failure });
  } else {
    checks.push({ ...reach, status: 'ok', detail: `${probe.baseURL} answered in ${reachMs} ms` });
  }
  const keyCheck = { id: 'key-accepted', name: 'key accepted' };
  if (status === 401 || status === 403) {
    checks.push({ ...keyCheck, status: 'fail', detail: reachError?.message ?? `HTTP ${status}`, fix: DEFAULT_FIX.key, exitCode: ExitCode.auth });
    checks.push(skipped('routing', 'provider routing', 'the key was refused'));
    return checks;
  }

  // A minimal response, not stored, with the provider header: the gateway routes it or says why not.
  const routing = { id: 'routing', name: 'provider routing' };
  if (!probe.model || !probe.provider) {
    const missing = !probe.model ? 'no model' : 'no provider';
    if (status === 200) checks.push({ ...keyCheck, status: 'ok', detail: `GET /models listed ${count} models` });
    checks.push({ ...routing, status: 'fail', detail: `${missing} to send a test request with`, fix: 'tfy-llm config set model <provider/model> (or --model)', exitCode: ExitCode.config });
    return checks;
  }
  started = probe.now();
  try {
    await client.responses.create({ model: probe.model, input: 'Reply with OK.', max_output_tokens: 16, store: false }, { signal: probe.signal });
    const ms = probe.now() - started;
    checks.push({ ...keyCheck, status: 'ok', detail: status === 200 ? `GET /models listed ${count} models` : 'the test request was let through' });
    checks.push({ ...routing, status: 'ok', detail: `provider ${probe.provider} answered ${probe.model} in ${ms} ms`, ms });
  } catch (err) {
    const ms = probe.now() - started;
    const error = fail(err);
    if (error.status === 401) {
      checks.push({ ...keyCheck, status: 'fail', detail: error.message, fix: DEFAULT_FIX.key, exitCode: ExitCode.auth });
      checks.push(skipped('routing', 'provider routing', 'the key was refused'));
      return checks;
    }
    if (status === 200) checks.push({ ...keyCheck, status: 'ok', detail: `GET /models listed ${count} models` });
    else if (error.status !== undefined) checks.push({ ...keyCheck, status: 'ok', detail: 'the test request passed authentication' });
    else checks.push(skipped('key-accepted', 'key accepted', 'the test request got no answer'));
    const fix = `check the provider (${probe.provider}) and model (${probe.model}) with your gateway admin, or set others: tfy-llm config set provider|model`;
    checks.push({ ...routing, status: 'fail', detail: `provider ${probe.provider}, model ${probe.model}: ${error.message}`, fix, ms, exitCode: error.exitCode });
  }
  return checks;
}
