// Builds the one openai client a command uses, from resolved settings.
import OpenAI from 'openai';
import { VERSION as SDK_VERSION } from 'openai/version';
import type { Connection } from '../config/settings.ts';

export const PROVIDER_HEADER = 'x-tfy-provider-name';

declare const __VERSION__: string | undefined;
// Gateway logs should name the tool; the SDK's default is built from a class name the bundler shortens.
const USER_AGENT = `tfy-llm/${typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev'} openai-node/${SDK_VERSION}`;

// The SDK's own per-attempt timer runs a little longer than our deadline, so ours always fires first
// and a request that ran out of time is reported, not retried.
const SDK_TIMER_GRACE_MS = 1000;

export interface ClientOptions {
  connection: Connection;
  apiKey: string;
  provider?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** The whole of a non-streaming request, retries and backoff included; a stream's wait for its headers. */
  timeoutMs?: number | undefined;
  /** An explicit --timeout: one deadline for the whole command, every request and stream included. */
  commandDeadline?: AbortSignal | undefined;
  maxRetries?: number | undefined;
  fetch?: typeof fetch | undefined;
}

/**
 * Marks the signals requestTimer makes, under a key of this module's own (a WeakSet entry a request is
 * work for every collection, and a batch makes 100,000s).
 */
const BOUNDED = Symbol('requestTimer signal');
type BoundedSignal = AbortSignal & { [BOUNDED]?: true };
const bounded = (signal: AbortSignal): boolean => (signal as BoundedSignal)[BOUNDED] === true;

/** The SDK's options of one request (its type lives in an internal module; buildRequest is public). */
type FinalRequestOptions = Parameters<OpenAI['buildRequest']>[0];

/**
 * The openai client, plus one deadline per non-streaming request. The SDK's `timeout` applies to each
 * attempt and retries a timed-out attempt; `--timeout` promises the whole request, so it is enforced
 * here as the request's own abort signal (streams get an idle timeout instead: see timeouts.ts).
 */
export class GatewayClient extends OpenAI {
  readonly deadlineMs: number | undefined;
  /**
   * With an explicit --timeout, the command's one deadline, armed when the client was made: it joins
   * every request (streams too) and every --wait pause, so nothing outlives it, retries included.
   */
  readonly commandDeadline: AbortSignal | undefined;
  #timedOut = false;
  readonly #armed = new WeakSet<object>();
  /** requestTimer's callers' signals, each with the requests it aborts. */
  readonly #linked = new WeakMap<AbortSignal, Set<AbortController>>();

  constructor(options: ConstructorParameters<typeof OpenAI>[0], deadlineMs: number | undefined, commandDeadline?: AbortSignal) {
    super(options);
    this.deadlineMs = deadlineMs;
    this.commandDeadline = commandDeadline;
    commandDeadline?.addEventListener('abort', () => (this.#timedOut = true), { once: true });
  }

  /** Whether a deadline ran out: an abort is then a timeout, not Ctrl-C. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  // Called before every attempt with the same options object; the deadline is armed on the first.
  protected override async prepareOptions(options: FinalRequestOptions): Promise<void> {
    await super.prepareOptions(options);
    // A requestTimer signal already carries every deadline (see there).
    if (options.signal != null && bounded(options.signal)) return;
    if (this.#armed.has(options)) return;
    this.#armed.add(options);
    // The command's deadline started first, so it is always the nearer one.
    const deadline = this.commandDeadline ?? (this.deadlineMs === undefined || options.stream === true ? undefined : this.requestDeadline(this.deadlineMs));
    if (deadline) options.signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  }

  /** A deadline that marks this client timed out when it fires. */
  private requestDeadline(ms: number): AbortSignal {
    const deadline = AbortSignal.timeout(ms);
    deadline.addEventListener('abort', () => (this.#timedOut = true), { once: true });
    return deadline;
  }

  /**
   * A request's deadline that its caller clears when the request settled (body read), for callers that
   * send many: AbortSignal.timeout cannot be cancelled, so each request's signal, and all it holds, would
   * stay alive until its timer fired (180 s by default), and a fast batch would pile up 100,000s of them.
   * The signal it returns replaces the per-request deadline the client would otherwise add.
   */
  requestTimer(signal: AbortSignal | undefined): { signal: AbortSignal; clear(): void } {
    const controller = new AbortController();
    // The caller's signal and the command's deadline (an explicit --timeout) are joined here, not
    // composed per request (AbortSignal.any), so the SDK is handed this one signal alone.
    const caller = this.link(signal, controller);
    const command = this.link(this.commandDeadline, controller);
    const timer =
      this.commandDeadline || this.deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            this.#timedOut = true;
            controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
          }, this.deadlineMs);
    (controller.signal as BoundedSignal)[BOUNDED] = true;
    return {
      signal: controller.signal,
      clear: () => {
        clearTimeout(timer);
        caller?.delete(controller);
        command?.delete(controller);
      },
    };
  }

  /**
   * Ties a request's controller to a long-lived signal through one listener per signal (the requests
   * it holds, in a set), not one listener added and removed per request: a batch sends 100,000s
   * through the same signal. The set, for the caller to leave when its request is over.
   */
  private link(signal: AbortSignal | undefined, controller: AbortController): Set<AbortController> | undefined {
    if (signal === undefined) return undefined;
    if (signal.aborted) {
      controller.abort(signal.reason);
      return undefined;
    }
    let group = this.#linked.get(signal);
    if (group === undefined) {
      const members = new Set<AbortController>();
      signal.addEventListener('abort', () => {
        for (const member of members) member.abort(signal.reason);
        members.clear();
      }, { once: true });
      this.#linked.set(signal, members);
      group = members;
    }
    group.add(controller);
    return group;
  }

  /**
   * A requestTimer signal is tied to the attempt's own controller by one plain listener: that signal
   * lives exactly as long as its one request, so nothing need be weak or composed. The SDK otherwise
   * composes each caller's signal with AbortSignal.any (weak references and a finalizer per request),
   * which for a batch of 100,000s is a large part of the collector's work. Any other signal is handled by
   * the SDK as before, except that with this method overridden it takes its listener-based path instead of
   * composing (abort.mjs: a weak listener, kept alive with the body): an aborted body read then fails with
   * the SDK's own AbortError rather than the caller's reason, which nothing here reads (timeouts are told
   * by `timedOut`, Ctrl-C by the command's signal).
   */
  override async fetchWithTimeout(url: string, init: RequestInit | undefined, ms: number, controller: AbortController): Promise<Response> {
    const signal = init?.signal;
    if (!signal || !bounded(signal)) return super.fetchWithTimeout(url, init, ms, controller);
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    return super.fetchWithTimeout(url, { ...init, signal: null }, ms, controller);
  }

  /**
   * A client with other options would read OPENAI_CUSTOM_HEADERS again (see createClient) and lose the
   * deadlines: clients are made by createClient only.
   */
  override withOptions(_options: Parameters<OpenAI['withOptions']>[0]): this {
    throw new Error('GatewayClient.withOptions is not supported: make another client with createClient');
  }

  /**
   * A stream's wait for its headers, as one deadline instead of the SDK's per-attempt timer (which
   * would retry a timed-out attempt): `clear()` it once the headers came; the events then have the
   * idle timeout. The command's deadline, when there is one, already covers the stream.
   */
  headerDeadline(): { signal: AbortSignal | undefined; clear(): void } {
    if (this.commandDeadline || this.deadlineMs === undefined) return { signal: undefined, clear: () => {} };
    const controller = new AbortController();
    const timer = setTimeout(() => {
      this.#timedOut = true;
      controller.abort(new DOMException('the stream did not start in time', 'TimeoutError'));
    }, this.deadlineMs);
    return { signal: controller.signal, clear: () => clearTimeout(timer) };
  }
}

export function createClient(options: ClientOptions): GatewayClient {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...options.headers };
  if (options.provider) headers[PROVIDER_HEADER] = options.provider;
  const timeoutMs = options.timeoutMs;
  // The client adds OPENAI_CUSTOM_HEADERS from the environment to every request, and there is no option to
  // say no: it is read with the variable hidden. Those headers are for api.openai.com and may carry an
  // OpenAI credential; the gateway's headers come from the profile, TFY_* variables and -H.
  const custom = process.env['OPENAI_CUSTOM_HEADERS'];
  delete process.env['OPENAI_CUSTOM_HEADERS'];
  try {
    return gatewayClient(options, headers, timeoutMs);
  } finally {
    if (custom !== undefined) process.env['OPENAI_CUSTOM_HEADERS'] = custom;
  }
}

function gatewayClient(options: ClientOptions, headers: Record<string, string>, timeoutMs: number | undefined): GatewayClient {
  return new GatewayClient(
    {
      apiKey: options.apiKey,
      baseURL: options.connection.baseURL,
      // Never pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY / OPENAI_WEBHOOK_SECRET from the
      // environment: this is not api.openai.com.
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      defaultHeaders: headers,
      maxRetries: options.maxRetries ?? 2,
      logLevel: 'off',
      ...(timeoutMs === undefined ? {} : { timeout: timeoutMs + SDK_TIMER_GRACE_MS }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    },
    timeoutMs,
    options.commandDeadline,
  );
}
