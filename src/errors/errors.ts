// The errors a command can end with, and their exit codes. Imports nothing: every room may use it.

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  config: 3,
  auth: 4,
  notFound: 5,
  rateLimited: 6,
  /** A batch asked for its results before it has ended. */
  notReady: 7,
  interrupted: 130,
} as const;

export interface CliErrorOptions {
  exitCode?: number;
  hint?: string | undefined;
  type?: string | undefined;
  status?: number | undefined;
  requestId?: string | undefined;
  /** Shown only with --verbose (e.g. the underlying stack), already free of secrets. */
  detail?: string | undefined;
  cause?: unknown;
}

export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly type: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly detail: string | undefined;

  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? ExitCode.failure;
    this.hint = options.hint;
    this.type = options.type ?? 'request_failed';
    this.status = options.status;
    this.requestId = options.requestId;
    this.detail = options.detail;
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

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))}s`;
}

/** Ctrl-C stopped the command: exit 130, and no stack to show even with --verbose. */
export function interruptedError(message = 'interrupted', cause?: unknown): CliError {
  return new CliError(message, { exitCode: ExitCode.interrupted, type: 'interrupted', cause });
}

/** An error and its causes, outermost first, at most `depth` deep (a cause chain can be a loop). */
export function causeChain(err: unknown, depth = 6): Error[] {
  const chain: Error[] = [];
  for (let e = err; e instanceof Error && chain.length < depth; e = e.cause) chain.push(e);
  return chain;
}

/** cli-spec: with --json, a failure is also one JSON line on stderr. */
export function jsonErrorLine(err: CliError, subject?: string): string {
  const message = oneLine(subject === undefined ? err.message : `${subject}: ${err.message}`);
  const error = { message, type: err.type, status: err.status ?? null, request_id: err.requestId ?? null, exit_code: err.exitCode };
  return `${JSON.stringify({ error })}\n`;
}
