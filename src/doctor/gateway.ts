// doctor's network checks, with the real openai client: is the gateway there, does it take the key,
// does a minimal request with the provider header get routed. Also the test call of `config init`.
import { createClient } from '../http/client.ts';
import { ExitCode, type CliError } from '../errors/errors.ts';
import { toCliError } from '../http/failures.ts';
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
}

const DEFAULT_FIX = {
  reach: 'check the base URL (tfy-llm config show) and your network or proxy',
  key: 'set a valid key: tfy-llm config set api-key (or export TFY_API_KEY=…)',
};

export async function probeGateway(probe: Probe): Promise<Check[]> {
  const client = createClient({
    connection: { baseURL: probe.baseURL, key: { kind: 'value', key: probe.apiKey } },
    apiKey: probe.apiKey,
    provider: probe.provider,
    headers: probe.headers,
    timeoutMs: probe.timeoutMs,
    maxRetries: 0,
    fetch: probe.fetch,
  });
  const fail = (err: unknown): CliError => {
    const error = toCliError(err, { baseURL: probe.baseURL, timeoutMs: probe.timeoutMs, timedOut: client.timedOut, interrupted: probe.signal?.aborted === true });
    return Object.assign(error, { message: scrub(error.message, [probe.apiKey]) });
  };

  // GET /models: any HTTP answer means the gateway is there; 401/403 mean the key was refused.
  let started = probe.now();
  let status: number | undefined;
  let count = 0;
  let reachError: CliError | undefined;
  try {
    const page = await client.models.list({ signal: probe.signal });
    status = 200;
    count = page.data.length;
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
