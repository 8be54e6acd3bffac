// The shapes shared by the demo gateway's modules: its public options and
// handle, and the subset of the Responses API objects it produces.

export interface GatewayOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Accepted Bearer keys; default ['tfy-demo-key']. */
  apiKeys?: string[];
  /** Retry-After sent with a 429 from the `rate-limited` model; default 1. */
  retryAfterSeconds?: number;
  /** How long the `slow` model takes to answer; default 3000. */
  slowMs?: number;
  /** The pause in the middle of a `slow-stream` stream; default 1000. */
  streamPauseMs?: number;
  /** GETs a background response takes to go from queued to its final status; default 2. */
  backgroundPolls?: number;
  /** The largest file POST /files accepts; default 50 MB, the gateway's documented limit for a batch file. */
  maxFileBytes?: number;
  /** The most requests a batch's input file may hold; default 50,000. */
  maxBatchLines?: number;
  /** What moves batches on: each GET of one ('polls', the default), or only advanceBatches() ('manual'). */
  batchClock?: 'polls' | 'manual';
  /** Delay between streamed events, so a person watching the demo sees tokens arrive; default 0. */
  eventDelayMs?: number;
  /** Called just before each streamed event is written (the benchmark times deltas from here). */
  onStreamEvent?: (type: string) => void;
  /** Called with one line per request (never containing a key). */
  log?: (line: string) => void;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
  /** Every create answers after this long (benchmarks); default 0. */
  latencyMs?: number;
  /** At most this many creates at once; more get a 429 with Retry-After (load.ts); default unlimited. */
  maxConcurrent?: number;
  /** Retry-After for the maxConcurrent 429, in seconds; default 1. */
  loadRetryAfterSeconds?: number;
  /** Keep every request in `requests` (default true); a benchmark of 200,000 requests turns it off. */
  record?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** The path relative to the origin, without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when it is empty or not JSON. */
  body: unknown;
  rawBody: string;
}

export interface FakeGateway {
  /** The base URL a client uses, e.g. http://127.0.0.1:PORT/api/llm. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Every request, in arrival order, including rejected ones. */
  requests: RecordedRequest[];
  /** The stored responses of one provider, by id. */
  responses(provider: string): Map<string, unknown>;
  /** The uploaded files of one provider (batch outputs included), by id: object and content. */
  files(provider: string): Map<string, { file: { id: string; filename: string; purpose: string; bytes: number }; content: Buffer }>;
  /** The batches of one provider, newest first, as a list shows them (nothing moves on). */
  batches(provider: string): unknown[];
  /** Moves every batch one step on (validating → in_progress → …), as time passing would. */
  advanceBatches(): void;
  /** What the load knobs saw (latencyMs, maxConcurrent). */
  load: import('./load.ts').LoadStats;
  /** Forgets the recorded requests (stored responses stay). */
  clear(): void;
  /** Stops listening and drops open connections, streams included. */
  close(): Promise<void>;
}

/** GatewayOptions with every default filled in. */
export interface Settings {
  apiKeys: ReadonlySet<string>;
  retryAfterSeconds: number;
  slowMs: number;
  streamPauseMs: number;
  backgroundPolls: number;
  maxFileBytes: number;
  maxBatchLines: number;
  batchClock: 'polls' | 'manual';
  eventDelayMs: number;
  onStreamEvent: ((type: string) => void) | undefined;
}

export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'incomplete' | 'failed' | 'cancelled';
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface OutputText { type: 'output_text'; text: string; annotations: unknown[] }
export interface Refusal { type: 'refusal'; refusal: string }
export interface SummaryText { type: 'summary_text'; text: string }

export interface MessageItem {
  type: 'message';
  id: string;
  status: ItemStatus;
  role: 'assistant';
  content: (OutputText | Refusal)[];
}
export interface ReasoningItem { type: 'reasoning'; id: string; summary: SummaryText[] }
export interface FunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: ItemStatus;
}
export type OutputItem = MessageItem | ReasoningItem | FunctionCallItem;

export interface Usage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  model: string;
  output: OutputItem[];
  usage: Usage | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  // Echoed from the request, as the real API does.
  instructions: unknown;
  temperature: unknown;
  top_p: unknown;
  max_output_tokens: unknown;
  previous_response_id: unknown;
  reasoning: unknown;
  metadata: unknown;
  store: unknown;
  background: unknown;
  text: unknown;
  tools: unknown;
  tool_choice: unknown;
  parallel_tool_calls: unknown;
}

/** An input item as stored and listed by /input_items. */
export type InputItem = Record<string, unknown> & { id: string };
