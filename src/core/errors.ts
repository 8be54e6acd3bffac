// One place that knows how failures become exit codes and one-line messages.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai/error';

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  config: 3,
  auth: 4,
  notFound: 5,
  rateLimited: 6,
  interrupted: 130,
} as const;

export interface CliErrorOptions {
  exitCode?: number;
  hint?: string | undefined;
  type?: string | undefined;
  status?: number | undefined;
  requestId?: string | undefined;
  cause?: unknown;
}

export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly type: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? ExitCode.failure;
    this.hint = options.hint;
    this.type = options.type ?? 'request_failed';
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

/** Bad flags, values or files: nothing was sent. */
export class UsageError extends CliError {
  constructor(message: string, options: Omit<CliErrorOptions, 'exitCode'> = {}) {
    super(message, { type: 'usage_error', ...options, exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

/** Missing or invalid settings: the fix is in the config or the environment. */
export class ConfigError extends CliError {
  constructor(message: string, options: Omit<CliErrorOptions, 'exitCode'> = {}) {
    super(message, { type: 'config_error', ...options, exitCode: ExitCode.config });
    this.name = 'ConfigError';
  }
}

export interface ErrorContext {
  /** Where the request went, for connection errors. */
  baseURL?: string | undefined;
  /** The request's timeout, for timeout messages. */
  timeoutMs?: number | undefined;
}

/** Turns anything thrown into a CliError with the right exit code. */
export function toCliError(err: unknown, context: ErrorContext = {}): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof APIUserAbortError) {
    return new CliError('interrupted', { exitCode: ExitCode.interrupted, type: 'interrupted', cause: err });
  }
  if (err instanceof APIConnectionTimeoutError) {
    const after = context.timeoutMs === undefined ? '' : ` after ${formatSeconds(context.timeoutMs)}`;
    return new CliError(`the request to ${context.baseURL ?? 'the gateway'} timed out${after}`, {
      type: 'timeout',
      hint: 'raise the limit with --timeout <seconds>, or check that the gateway is up',
      cause: err,
    });
  }
  if (err instanceof APIConnectionError) {
    const reason = connectionReason(err);
    return new CliError(`could not connect to ${context.baseURL ?? 'the gateway'}${reason ? ` (${reason})` : ''}`, {
      type: 'connection_error',
      hint: 'check the base URL (tfy-llm config show) and your network or proxy settings',
      cause: err,
    });
  }
  if (err instanceof APIError) return fromApiError(err);
  if (err instanceof Error) return new CliError(err.message, { type: 'internal_error', cause: err });
  return new CliError(String(err), { type: 'internal_error' });
}

function fromApiError(err: APIError): CliError {
  const status = err.status;
  const message = gatewayMessage(err);
  const base = { status, requestId: err.requestID ?? undefined, type: err.type ?? 'api_error', cause: err };
  if (err instanceof AuthenticationError) {
    return new CliError(message, { ...base, exitCode: ExitCode.auth, hint: 'check the API key (TFY_API_KEY, or tfy-llm config set api-key)' });
  }
  if (err instanceof PermissionDeniedError) {
    return new CliError(message, { ...base, exitCode: ExitCode.auth, hint: 'this key may not use that provider or model; ask your gateway admin' });
  }
  if (err instanceof NotFoundError) return new CliError(message, { ...base, exitCode: ExitCode.notFound });
  if (err instanceof RateLimitError) {
    return new CliError(message, { ...base, exitCode: ExitCode.rateLimited, hint: 'wait and try again, or raise --max-retries' });
  }
  return new CliError(message, { ...base, exitCode: ExitCode.failure });
}

/** The gateway's own words, on one line, with the status. */
function gatewayMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  let text = typeof body?.message === 'string' ? body.message : '';
  if (!text) text = err.status === undefined ? err.message : `the gateway answered HTTP ${err.status}`;
  return `${oneLine(text)}${err.status === undefined ? '' : ` (HTTP ${err.status})`}`;
}

/** The innermost cause's code (ECONNREFUSED, ENOTFOUND…) or, lacking one, its message. */
function connectionReason(err: Error): string {
  let cause: unknown = err.cause;
  let reason = '';
  for (let depth = 0; cause instanceof Error && depth < 6; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (cause.message && cause.message !== 'fetch failed') reason = oneLine(cause.message);
    cause = cause.cause;
  }
  return reason;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))}s`;
}
