// --dry-run: a fetch for the openai client that shows the request the SDK built, then stops it.
// Whatever the SDK would send (URL, headers, body) is what gets printed; nothing leaves the machine.
import { causeChain } from '../errors/errors.ts';
import { redactHeaders, scrub } from '../terminal/redact.ts';

export interface DryRunRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Thrown by the dry-run fetch and carried out of the SDK; main.ts prints its output and exits 0. */
export class DryRunStop extends Error {
  readonly output: string;

  constructor(output: string) {
    super('dry run: request not sent');
    this.name = 'DryRunStop';
    this.output = output;
  }
}

export interface DryRunOptions {
  json: boolean;
  /** Values that must never be printed, whatever header or field they hide in. */
  secrets: readonly string[];
}

/** The client must not retry (maxRetries 0): the SDK reports a failed fetch as a connection error. */
export function dryRunFetch(options: DryRunOptions): typeof fetch {
  return async (input, init) => {
    const request = await describe(input, init);
    const output = options.json ? `${JSON.stringify(request, null, 2)}\n` : humanFormat(request);
    throw new DryRunStop(scrub(output, options.secrets));
  };
}

/** The DryRunStop behind an error, however the SDK wrapped it. */
export function dryRunOf(err: unknown): DryRunStop | undefined {
  return causeChain(err, 5).find((e): e is DryRunStop => e instanceof DryRunStop);
}

async function describe(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<DryRunRequest> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    headers[name] = value;
  });
  return { method: (init?.method ?? 'GET').toUpperCase(), url, headers: redactHeaders(headers), body: await bodyOf(init?.body) };
}

async function bodyOf(body: RequestInit['body'] | undefined): Promise<unknown> {
  if (body === undefined || body === null) return null;
  // A Blob is a body written to a file for a large attachment (request-body.ts): read back, it is what would be sent.
  const text =
    typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : body instanceof Blob ? await body.text() : String(body);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Like an HTTP message: request line, headers, a blank line, the body (long data: URLs shortened). */
export function humanFormat(request: DryRunRequest): string {
  const lines = [`${request.method} ${request.url}`, ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`)];
  if (request.body !== null) {
    const body = typeof request.body === 'string' ? request.body : JSON.stringify(shortenDataUrls(request.body), null, 2);
    lines.push('', body);
  }
  return `${lines.join('\n')}\n`;
}

const KEEP = 48;

/** `data:image/png;base64,iVBORw0KGgo…` plus how much was left out: a 20 MB image is not for reading. */
function shortenDataUrls(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.startsWith('data:') && value.length > KEEP * 2 ? `${value.slice(0, KEEP)}…(${value.length - KEEP} more characters)` : value;
  }
  if (Array.isArray(value)) return value.map(shortenDataUrls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortenDataUrls(v)]));
  }
  return value;
}
