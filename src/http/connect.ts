// What every command shares: the common flags, and turning them into a ready client.
import { resolveApiKey } from '../config/api-key.ts';
import { webPageAnswer } from './api-errors.ts';
import { createClient, type GatewayClient } from './client.ts';
import { dryRunFetch, dryRunOf } from './dry-run.ts';
import { CliError } from '../errors/errors.ts';
import { timeoutError, toCliError } from './failures.ts';
import { proxyFor, proxySettings, transportFor } from './proxy.ts';
import { scrub } from '../terminal/redact.ts';
import { timeoutMsFrom } from './timeouts.ts';
import { withUploads } from './upload.ts';
import { viaNodeHttp } from './node-fetch.ts';
import { watchFetch, type WatchedFetch } from './verbose.ts';
import { retryText, type RetryInfo } from './retry-note.ts';
import type { Deps } from '../terminal/io.ts';
import { resolveSettings, type Connection, type Settings } from '../config/settings.ts';
import type { CommonOptions } from '../spec/common.ts';
import type { CommandDeps } from '../spec/deps.ts';
import { tfyMetadataHeaders } from './tfy-metadata.ts';

export function settingsFor(opts: CommonOptions & { model?: string | undefined }, deps: CommandDeps): Settings {
  // What the user gives us to send is secret from the start, even if a check below refuses it.
  deps.secrets?.add(deps.io.env.TFY_API_KEY);
  const settings = resolveSettings(
    { profile: opts.profile, baseUrl: opts.baseUrl, provider: opts.provider, model: opts.model, header: opts.header },
    deps.io.env,
    deps.profiles,
  );
  if (settings.apiKey?.value.kind === 'value') deps.secrets?.add(settings.apiKey.value.key);
  deps.secrets?.addHeaders(settings.headers);
  return settings;
}

export interface Connected {
  client: GatewayClient;
  baseURL: string;
  /** The --timeout in force (default 180 s): a plain request's whole limit, a stream's longest silence. */
  timeoutMs: number;
  /** Values that must never reach the output. */
  secrets: string[];
  /** Awaits a request, turning any failure into a CliError that names the gateway and never the key. */
  guard<T>(request: Promise<T>): Promise<T>;
  /** Whom to tell before each retry (create's spinner: "rate limited, retrying in 2 s (2/3)"). */
  onRetry(listener: (text: string) => void): void;
}

/**
 * `connect`'s last argument for a batch's requests that need no watching (`batch submit` and `batch
 * resume`): over node:http too. Their uploads already went that way; the rest then does not load fetch's
 * HTTP parser, a WebAssembly module V8 compiles again in the background with its optimising compiler
 * (27 MiB of memory for a moment, in a 200,000-line submit).
 */
export const UNWATCHED_BATCH = { watch: (fetch: typeof globalThis.fetch): typeof globalThis.fetch => fetch };

/** `connection` comes from requireConnection, called before any other check so config errors come first. */
export async function connect(
  connection: Connection,
  settings: Settings,
  provider: string | undefined,
  opts: CommonOptions,
  deps: Deps,
  /**
   * What an explicit --timeout bounds: the whole command (the default), or each request on its own
   * (chat, whose session lasts as long as the person types: its limit is per turn).
   */
  scope: 'command' | 'request' = 'command',
  /**
   * A batch's many requests: they go over node:http (node-fetch.ts) unless a proxy carries them, and
   * `watch` sees every attempt on the wire (batch watches for 429s with it).
   */
  many?: { watch: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch },
): Promise<Connected> {
  const headers = { ...settings.headers, ...tfyMetadataHeaders(opts.tfyMetadata, settings.headers) };
  const apiKey = await resolveApiKey(connection.key);
  deps.secrets?.add(apiKey);
  deps.secrets?.addHeaders(headers);
  const secrets = secretList(deps, apiKey);
  const timeoutMs = timeoutMsFrom(opts.timeout);
  // --dry-run: the SDK builds the request as always and hands it to a fetch that prints it instead.
  const maxRetries = opts.dryRun ? 0 : (opts.maxRetries ?? 2);
  const dryRun = opts.dryRun ? dryRunFetch({ json: opts.json === true, secrets }) : undefined;
  let retryListener: ((text: string) => void) | undefined;
  const onRetry = (info: RetryInfo): void => retryListener?.(retryText(info));
  const { proxy, ...wire } = await wireFor({ baseURL: connection.baseURL, apiKey, timeoutMs, maxRetries, dryRun, onRetry, many: many !== undefined }, opts, deps);
  // An explicit --timeout is a promise about the whole command: one deadline from here on.
  const commandDeadline = opts.timeout === undefined || opts.dryRun || scope === 'request' ? undefined : AbortSignal.timeout(timeoutMs);
  const client = createClient({ connection, apiKey, provider, headers, timeoutMs, maxRetries, fetch: many ? many.watch(wire.fetch) : wire.fetch, commandDeadline });
  const guard = async <T,>(request: Promise<T>): Promise<T> => {
    let result: T;
    try {
      result = await request;
    } catch (err) {
      const context = {
        baseURL: connection.baseURL,
        timeoutMs,
        lastRequest: wire.last(),
        timedOut: client.timedOut,
        interrupted: deps.signal?.aborted === true,
        proxy,
        secrets: secretList(deps, apiKey),
      };
      // Once a deadline ran out, whatever broke next (an aborted read, a stream cut short) is the timeout.
      const overdue = client.timedOut && !context.interrupted && !(err instanceof CliError && err.type === 'timeout');
      throw dryRunOf(err) ?? scrubError(overdue ? timeoutError(err, context) : toCliError(err, context), err, secretList(deps, apiKey));
    }
    const page = webPageAnswer(wire.last(), connection.baseURL);
    if (page) throw page;
    return result;
  };
  return {
    client,
    baseURL: connection.baseURL,
    timeoutMs,
    secrets,
    guard,
    onRetry: (listener) => {
      retryListener = listener;
    },
  };
}

/** The run's secrets (secrets.ts), or the key alone where a caller keeps no set. */
function secretList(deps: Deps, apiKey: string): string[] {
  return deps.secrets ? [...deps.secrets.values()] : [apiKey];
}

export interface WireTarget {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  /** --dry-run's fetch, which prints the request instead of sending it (so no proxy, no --verbose lines). */
  dryRun?: typeof fetch | undefined;
  onRetry?: ((info: RetryInfo) => void) | undefined;
  /** Many requests (a batch): sent over node:http, which costs far less per request than fetch, unless a proxy carries them. */
  many?: boolean | undefined;
}

/** The fetch requests go through: via a proxy when one is set, watched for error messages and --verbose. */
export async function wireFor(target: WireTarget, opts: CommonOptions, deps: Deps): Promise<WatchedFetch & { proxy: string | undefined }> {
  const { env, stderr } = deps.io;
  deps.secrets?.add(target.apiKey);
  if (target.dryRun) return { ...watchFetch({ inner: target.dryRun, maxRetries: 0, secrets: secretList(deps, target.apiKey) }), proxy: undefined };
  const proxies = proxySettings(env);
  // Proxy credentials go out as Proxy-Authorization; neither they nor the header value may be printed.
  deps.secrets?.addUrl(proxies?.httpProxy);
  deps.secrets?.addUrl(proxies?.httpsProxy);
  const log = opts.verbose ? (line: string) => stderr.write(`${line}\n`) : undefined;
  const proxy = proxyFor(target.baseURL, proxies);
  log?.(`* ${proxy ? `via the proxy ${proxy}` : 'no proxy'} · timeout ${target.timeoutMs / 1000}s · up to ${target.maxRetries} retries`);
  // A large attachment's body goes out through node:http (upload.ts), and a batch's every request
  // (node-fetch.ts), unless a proxy must carry them.
  const direct = (await transportFor(env, target.timeoutMs)) ?? fetch;
  const inner = proxy ? direct : target.many ? viaNodeHttp(direct) : withUploads(direct);
  return { ...watchFetch({ inner, maxRetries: target.maxRetries, log, secrets: secretList(deps, target.apiKey), onRetry: target.onRetry }), proxy };
}

/** The key never reaches the message, and the verbose-only detail is scrubbed too. */
function scrubError(err: CliError, original: unknown, secrets: string[]): CliError {
  const stack = original instanceof Error && original.stack ? original.stack : undefined;
  return new CliError(scrub(err.message, secrets), {
    exitCode: err.exitCode,
    hint: err.hint,
    type: err.type,
    status: err.status,
    requestId: err.requestId,
    detail: err.detail ?? (stack === undefined ? undefined : scrub(stack, secrets)),
  });
}
