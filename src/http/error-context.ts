// What a failed request's message may mention: where it went, how often, through what, and what to hide.
/** What the wire watcher saw of the last request, so messages can say where and how often. */
export interface LastRequest {
  method: string;
  url: string;
  /** Attempts made so far for this request (1 + retries). */
  attempts: number;
  /** The status of the last answer, when one came. */
  status?: number | undefined;
  /** Its content type, e.g. to tell a web page from the API's JSON. */
  contentType?: string | undefined;
  /** Where a redirect (never followed) pointed, made absolute. */
  location?: string | undefined;
}

export interface ErrorContext {
  /** Where the request went, for connection errors. */
  baseURL?: string | undefined;
  /** The request's timeout, for timeout messages. */
  timeoutMs?: number | undefined;
  lastRequest?: LastRequest | undefined;
  /** Our own deadline ran out (GatewayClient.timedOut): an abort is then a timeout, unless Ctrl-C was pressed. */
  timedOut?: boolean | undefined;
  /** Ctrl-C aborted the request. */
  interrupted?: boolean | undefined;
  /** The proxy the request went through, credentials removed. */
  proxy?: string | undefined;
  /** Keys to remove from the gateway's text before it is shortened (a key cut in two would slip past a later scrub). */
  secrets?: readonly string[] | undefined;
}
