// Anything a request can throw → a CliError with the right exit code and a message in words: the
// SDK's classes (timeouts, aborts, connection errors, the gateway's HTTP errors), broken sockets, bad JSON.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai/error';
import { causeChain, CliError, formatSeconds, interruptedError, oneLine } from '../errors/errors.ts';
import { fromApiError } from './api-errors.ts';
import type { ErrorContext } from './error-context.ts';

/** Turns anything thrown into a CliError with the right exit code. */
export function toCliError(err: unknown, context: ErrorContext = {}): CliError {
  if (err instanceof CliError) return err;
  // An abort is ours (a timeout) unless Ctrl-C asked for it.
  if (context.interrupted) return interruptedError('interrupted', err);
  if (err instanceof APIConnectionTimeoutError || (context.timedOut && isAbort(err))) return timeoutError(err, context);
  if (err instanceof APIUserAbortError) return interruptedError('interrupted', err);
  if (err instanceof APIConnectionError) {
    // Our own verdict on the answer, raised below the client (node-fetch.ts: a status that is none), as it is.
    const ours = causeChain(err.cause).find((e) => e instanceof CliError);
    return ours instanceof CliError ? ours : connectionFailed(err, context);
  }
  if (err instanceof APIError) return fromApiError(err, context);
  const undecodable = causeChain(err).find(isDecodingError);
  if (undecodable) return notDecodable(undecodable, context.baseURL);
  if (isConnectionLost(err)) {
    return new CliError(`the connection to ${where(context)} closed before the answer was complete`, {
      type: 'connection_error',
      hint: 'try again; if it keeps happening, a proxy or load balancer may be cutting long requests',
      cause: err,
    });
  }
  if (err instanceof SyntaxError) {
    return new CliError(`the gateway answered with something that is not JSON (${oneLine(err.message)})`, {
      type: 'invalid_response',
      hint: 'check that the base URL points at an OpenAI-compatible gateway',
      cause: err,
    });
  }
  if (err instanceof Error) return new CliError(oneLine(err.message), { type: 'internal_error', cause: err });
  return new CliError(oneLine(String(err)), { type: 'internal_error' });
}

/** An abort, however the layer below phrased it: the SDK's, fetch's, or a body read's. */
function isAbort(err: unknown): boolean {
  if (err instanceof APIUserAbortError) return true;
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}


/** The request (or, with an explicit --timeout, the command) ran out of time. */
export function timeoutError(cause: unknown, context: ErrorContext): CliError {
  const after = context.timeoutMs === undefined ? '' : ` after ${formatSeconds(context.timeoutMs)}`;
  return new CliError(`the request to ${where(context)} timed out${after}${facts(attempts(context))}`, {
    type: 'timeout',
    hint: 'raise the limit with --timeout <seconds>, or check that the gateway is up',
    cause,
  });
}

/** Node's (OpenSSL's) codes for a gateway certificate this machine does not accept, in words. */
const CERTIFICATE_PROBLEMS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed certificate this machine does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it was issued by an authority this machine does not trust',
  UNABLE_TO_GET_ISSUER_CERT: 'it was issued by an authority this machine does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'it was issued by an authority this machine does not trust',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another host name',
  CERT_REVOKED: 'it has been revoked',
};

// Connected, then the other side closed or reset the socket before any answer.
const HUNG_UP = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

function connectionFailed(err: APIConnectionError, context: ErrorContext): CliError {
  const reason = connectionReason(err);
  const via = context.proxy ? ` through the proxy ${context.proxy}` : '';
  if (HUNG_UP.has(reason)) {
    return new CliError(`the connection to ${where(context)}${via} closed before an answer came${facts(attempts(context))}`, {
      type: 'connection_error',
      hint: 'try again; if it keeps happening, check the base URL and any proxy or load balancer in between',
      cause: err,
    });
  }
  const certificate = CERTIFICATE_PROBLEMS[reason];
  if (certificate !== undefined) {
    return new CliError(`the TLS certificate of ${where(context)}${via} was refused: ${certificate}${facts([reason, ...attempts(context)])}`, {
      type: 'connection_error',
      hint: 'a company certificate authority: NODE_EXTRA_CA_CERTS=/path/to/ca.pem tfy-llm …; a wrong host: check the base URL (tfy-llm config show)',
      cause: err,
    });
  }
  return new CliError(`could not connect to ${where(context)}${via}${facts([reason, ...attempts(context)])}`, {
    type: 'connection_error',
    hint: context.proxy
      ? 'check the proxy (HTTPS_PROXY / HTTP_PROXY, or list the host in NO_PROXY) and the base URL (tfy-llm config show)'
      : 'check the base URL (tfy-llm config show) and your network or proxy settings',
    cause: err,
  });
}

function where(context: ErrorContext): string {
  return context.baseURL ?? 'the gateway';
}

/** ["3 attempts", "the last answered HTTP 500"]: how often it was tried, and what failed before the end. */
function attempts(context: ErrorContext): string[] {
  const last = context.lastRequest;
  if (!last) return [];
  const facts = last.attempts < 2 ? [] : [`${last.attempts} attempts`];
  if (last.status !== undefined && last.status >= 400) facts.push(`the last answered HTTP ${last.status}`);
  return facts;
}

/** " (a; b)", or nothing. */
function facts(list: string[]): string {
  const shown = list.filter(Boolean);
  return shown.length === 0 ? '' : ` (${shown.join('; ')})`;
}

/** zlib's and brotli's complaints about what they were given (Z_DATA_ERROR, ERR__ERROR_FORMAT_PADDING_1, …). */
function isDecodingError(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR__ERROR_') || code.includes('BROTLI'));
}

/** An answer whose Content-Encoding (gzip, deflate, br) does not match its bytes. */
function notDecodable(cause: Error, from: string | undefined): CliError {
  return new CliError(`the answer from ${from ?? 'the gateway'} could not be decoded as its Content-Encoding says (${oneLine(cause.message)})`, {
    type: 'invalid_response',
    hint: 'this is not an answer a gateway sends: check the base URL (and any proxy in between)',
    cause,
  });
}

/** A socket that closed mid-answer: undici says "terminated", with the socket error as its cause. */
function isConnectionLost(err: unknown): boolean {
  return causeChain(err).some((e) => {
    const code = (e as { code?: unknown }).code;
    return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || e.message === 'terminated';
  });
}

/** The innermost cause's code (ECONNREFUSED, ENOTFOUND…) or, lacking one, its message. */
function connectionReason(err: Error): string {
  let reason = '';
  for (const cause of causeChain(err.cause)) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (cause.message && cause.message !== 'fetch failed') reason = oneLine(cause.message);
  }
  return reason;
}
