// One line sent as `create` sends it (the same body, the provider header of its model, the client's
// retries), its answer turned into an output line. A failure is a line too, except an interruption
// (no line: a resume sends it again) and a refused key (the whole run stops: every line would fail).
import type { ResponseCreateParamsNonStreaming } from 'openai/resources/responses/responses';
import { APIError } from 'openai/error';
import { requestIdIn } from '../http/gateway-headers.ts';
import { PROVIDER_HEADER, type GatewayClient } from '../http/client.ts';
import { requestBody } from '../request/body.ts';
import type { CliError } from '../errors/errors.ts';
import { toCliError } from '../http/failures.ts';
import { InvalidInput } from '../errors/problems.ts';
import { scrub } from '../terminal/redact.ts';
import type { Env } from '../terminal/io.ts';
import { lineRequest, type LineDefaults } from './line-body.ts';
import type { LineSpec } from './line-spec.ts';
import { failedLine, succeededRawLine, type BatchOutputLine } from './output-format.ts';

export interface SendContext {
  defaults: LineDefaults;
  client: GatewayClient;
  env: Env;
  baseURL: string;
  timeoutMs: number;
  secrets: readonly string[];
}

export type Outcome =
  | { kind: 'line'; line: BatchOutputLine; tokensIn: number; tokensOut: number }
  /** Still rate limited (429) or unavailable (503) after the client's retries: worth another turn later. */
  | { kind: 'again'; line: BatchOutputLine }
  | { kind: 'stopped' }
  | { kind: 'fatal'; error: CliError };

export async function sendLine(spec: LineSpec, context: SendContext, signal: AbortSignal): Promise<Outcome> {
  const { client, secrets } = context;
  let request;
  try {
    request = await lineRequest(spec, context.defaults);
  } catch (err) {
    // Checked before the run; a file changed or removed since is this line's problem, not the run's.
    if (!(err instanceof InvalidInput)) throw err;
    return { kind: 'line', line: failedLine(spec.customId, { code: 'invalid_request', message: err.message }), tokensIn: 0, tokensOut: 0 };
  }
  const sent = await requestBody(request.body, context.env);
  // A signal of its own, tied to the run's (signals combined with one long-lived signal stay attached
  // to it, and 200,000 of them would pile up there), carrying the request's deadline: cleared the moment
  // the answer is read, so nothing of a finished request waits for a timer.
  const own = client.requestTimer(signal);
  try {
    const headers = { ...sent.options.headers, ...(request.route.provider ? { [PROVIDER_HEADER]: request.route.provider } : {}) };
    const http = await client.responses.create(request.body as ResponseCreateParamsNonStreaming, { ...sent.options, headers, signal: own.signal }).asResponse();
    // The gateway's words go into a file: a key it echoes back (a misconfigured proxy does) is masked there too.
    const raw = scrub(await http.text(), secrets);
    const requestId = requestIdIn(http.headers);
    let body: { status?: unknown; error?: { code?: unknown; message?: unknown } | null; usage?: { input_tokens?: unknown; output_tokens?: unknown } } | null;
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      const message = `the gateway answered HTTP ${http.status} with something that is not JSON`;
      return { kind: 'line', line: failedLine(spec.customId, { code: 'invalid_response', message }, { statusCode: http.status, requestId, body: null }), tokensIn: 0, tokensOut: 0 };
    }
    const tokensIn = Number(body?.usage?.input_tokens) || 0;
    const tokensOut = Number(body?.usage?.output_tokens) || 0;
    if (body?.status === 'failed') {
      const code = typeof body.error?.code === 'string' ? body.error.code : 'response_failed';
      const message = typeof body.error?.message === 'string' ? scrub(body.error.message, secrets) : 'the response failed';
      return { kind: 'line', line: failedLine(spec.customId, { code, message }, { statusCode: http.status, requestId, body }), tokensIn, tokensOut };
    }
    return { kind: 'line', line: succeededRawLine(spec.customId, http.status, requestId, body, raw), tokensIn, tokensOut };
  } catch (err) {
    if (signal.aborted) return { kind: 'stopped' };
    const error = toCliError(err, { baseURL: context.baseURL, timeoutMs: context.timeoutMs, timedOut: client.timedOut, secrets });
    // Every line would fail the same way: a refused key, or a base URL that redirects elsewhere.
    if (error.status === 401 || error.status === 403 || error.type === 'redirect') return { kind: 'fatal', error };
    const code = err instanceof APIError && typeof err.code === 'string' ? err.code : error.type;
    const answer = err instanceof APIError && err.status !== undefined ? { statusCode: err.status, requestId: error.requestId, body: JSON.parse(scrub(JSON.stringify({ error: err.error ?? null }), secrets)) as unknown } : undefined;
    const line = failedLine(spec.customId, { code, message: scrub(error.message, secrets) }, answer);
    if (error.status === 429 || error.status === 503) return { kind: 'again', line };
    return { kind: 'line', line, tokensIn: 0, tokensOut: 0 };
  } finally {
    own.clear();
    await sent.dispose();
  }
}
