// The matrix, part 2: the gateway and the network failing. Each row: the exit code, one error line with
// the gateway's own words (and request id), the hint, no stack trace, no key, and how many requests went out.
import { after, before } from 'node:test';
import { withBadServer, type BadServer } from './helpers/bad-servers.ts';
import { startGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { runMatrix, SECRET, WRONG_KEY, type MatrixCase } from './helpers/matrix.ts';
import { deadPort } from './helpers/ports.ts';

let gw: FakeGateway;
const bad: Record<string, BadServer> = {};
let dead = '';
const closers: (() => Promise<void>)[] = [];
before(async () => {
  gw = await startGateway({ apiKeys: [SECRET], retryAfterSeconds: 0, slowMs: 30_000 });
  const hooks = { after: (close: () => Promise<void>) => closers.push(close) };
  for (const kind of ['web-page', 'hang-up', 'truncated', 'silent'] as const) bad[kind] = await withBadServer(hooks, kind);
  dead = `http://127.0.0.1:${await deadPort()}/api/llm`;
});
after(async () => {
  await Promise.all(closers.map((close) => close()));
  await gw.close();
});

const create = (model: string, ...more: string[]) => ['create', 'hello', '-m', model, ...more];
const REQ = String.raw` \[request id: req_\w+\]$`;
const baseUrlHint = /^check the base URL \(\S+\): a TrueFoundry gateway is https:\/\/gateway\.truefoundry\.ai or https:\/\/<control-plane>\/api\/llm$/;

export const FAULT_CASES: MatrixCase[] = [
  // Nothing there, or not a gateway.
  { name: 'dead gateway, no retries', argv: create('p/m', '--max-retries', '0'), env: { TFY_LLM_BASE_URL: '$DEAD' }, code: 1, message: /^could not connect to http:\/\/127\.0\.0\.1:\d+\/api\/llm \(ECONNREFUSED\)$/, hint: /check the base URL/ },
  { name: 'dead gateway, default retries', argv: create('p/m'), env: { TFY_LLM_BASE_URL: '$DEAD' }, code: 1, message: /\(ECONNREFUSED; 3 attempts\)$/ },
  { name: 'a web page instead of a gateway (200 HTML)', argv: create('p/m'), env: { TFY_LLM_BASE_URL: '$WEB_PAGE' }, code: 1, message: /^the gateway answered HTTP 200 with an HTML page, not JSON$/, hint: /^the base URL \(\S+\) seems to lead to a web page: a TrueFoundry gateway is https:\/\/gateway\.truefoundry\.ai or/ },
  { name: 'connection closed without an answer', argv: create('p/m', '--max-retries', '0'), env: { TFY_LLM_BASE_URL: '$HANG_UP' }, code: 1, message: /^the connection to \S+ closed before an answer came$/, hint: /try again/ },
  { name: 'answer cut off mid-body', argv: create('p/m', '--max-retries', '0'), env: { TFY_LLM_BASE_URL: '$TRUNCATED' }, code: 1, message: /^the connection to \S+ closed before the answer was complete$/, hint: /try again/ },
  { name: 'a server that never answers, short --timeout', argv: create('p/m', '--timeout', '0.2'), env: { TFY_LLM_BASE_URL: '$SILENT' }, code: 1, message: /^the request to \S+ timed out after 0\.2s$/, hint: /--timeout/ },

  // The gateway refuses.
  { name: 'wrong key (401)', argv: create('p/m'), env: { TFY_API_KEY: WRONG_KEY }, code: 4, message: new RegExp(`^Invalid API key \\(HTTP 401\\)${REQ}`), hint: /check the API key/, sent: 1 },
  { name: 'wrong key with --json', argv: create('p/m', '--json'), env: { TFY_API_KEY: WRONG_KEY }, code: 4, message: /^Invalid API key \(HTTP 401\)/, sent: 1 },
  { name: 'model not allowed (403)', argv: create('p/forbidden-model'), code: 4, message: new RegExp(`^this key is not allowed to use model p/forbidden-model \\(HTTP 403\\)${REQ}`), hint: /ask your gateway admin/, sent: 1 },
  { name: 'provider not allowed (403)', argv: create('gpt-4o', '--provider', 'forbidden'), code: 4, message: /^this key is not allowed to use provider forbidden \(HTTP 403\)/, sent: 1 },
  { name: 'base URL with a wrong path (404 on /responses)', argv: create('p/m'), env: { TFY_LLM_BASE_URL: '$ORIGIN/v1' }, code: 5, message: new RegExp(`^Invalid URL \\(POST /v1/responses\\) \\(HTTP 404\\)${REQ}`), hint: baseUrlHint, sent: 1 },
  { name: 'base URL without /api/llm (404)', argv: create('p/m'), env: { TFY_LLM_BASE_URL: '$ORIGIN' }, code: 5, message: /^Invalid URL \(POST \/responses\) \(HTTP 404\)/, hint: baseUrlHint, sent: 1 },
  { name: 'TFY_HOST pointing at the gateway root itself (404)', argv: create('p/m'), env: { TFY_LLM_BASE_URL: undefined, TFY_HOST: '$GW' }, code: 5, message: /^Invalid URL \(POST \/api\/llm\/api\/llm\/responses\)/, hint: baseUrlHint, sent: 1 },
  { name: 'missing provider header (400)', argv: create('gpt-4o'), code: 1, message: new RegExp(`^The header 'x-tfy-provider-name' is missing: .* \\(HTTP 400\\)${REQ}`), hint: /--provider <name>.*provider\/model/, sent: 1 },
  { name: 'request the model rejects (400)', argv: create('p/bad-request'), code: 1, message: /^The model 'p\/bad-request' does not support this request\. \(HTTP 400, param model\)/, hint: null, sent: 1 },

  // The gateway fails; retried, then reported with the attempts.
  { name: '429 forever, 1 retry', argv: create('p/rate-limited', '--max-retries', '1'), code: 6, message: new RegExp(`^Rate limit reached for this model\\. Please try again later\\. \\(HTTP 429, 2 attempts\\)${REQ}`), hint: /--max-retries/, sent: 2 },
  { name: '429 with retries off', argv: create('p/rate-limited', '--max-retries', '0'), code: 6, message: /\(HTTP 429\)/, sent: 1 },
  { name: '429 with --json', argv: create('p/rate-limited', '--max-retries', '0', '--json'), code: 6, message: /\(HTTP 429\)/, sent: 1 },
  { name: '500 forever, 1 retry', argv: create('p/always-500', '--max-retries', '1'), code: 1, message: /^The server had an error while processing your request\. \(HTTP 500, 2 attempts\)/, hint: /try again later/, sent: 2 },
  { name: '500 with --json', argv: create('p/always-500', '--max-retries', '0', '--json'), code: 1, message: /\(HTTP 500\)/, sent: 1 },
  { name: 'HTML error page (502)', argv: create('p/html-error', '--max-retries', '0'), code: 1, message: new RegExp(`^the gateway answered HTTP 502 with an HTML page, not JSON \\("502 Bad Gateway"\\)${REQ}`), hint: /proxy or load balancer/, sent: 1 },
  { name: 'empty error body (500)', argv: create('p/empty-error', '--max-retries', '0'), code: 1, message: new RegExp(`^the gateway answered HTTP 500 with an empty body${REQ}`), sent: 1 },
  { name: 'empty error body with --json', argv: create('p/empty-error', '--max-retries', '0', '--json'), code: 1, message: /with an empty body/, sent: 1 },
  // A second: long enough for the request to arrive even on a busy machine, so `sent` can be checked.
  { name: 'slow gateway, short --timeout', argv: create('p/slow', '--timeout', '1'), code: 1, message: /^the request to \S+ timed out after 1s$/, hint: /raise the limit with --timeout/, sent: 1 },
  { name: 'slow gateway, short --timeout, with --json', argv: create('p/slow', '--timeout', '1', '--json'), code: 1, message: /timed out after 1s$/, sent: 1 },
  { name: 'a response with status failed', argv: create('p/failed'), code: 1, message: /^the response resp_\w+ failed: The model failed to generate a response\. \[request id: req_\w+\]$/, sent: 1, stdout: /^$/ },
];

runMatrix(FAULT_CASES, {
  places: () => ({
    GW: gw.url,
    ORIGIN: gw.origin,
    DEAD: dead,
    WEB_PAGE: bad['web-page']?.url ?? '',
    HANG_UP: bad['hang-up']?.url ?? '',
    TRUNCATED: bad.truncated?.url ?? '',
    SILENT: bad.silent?.url ?? '',
  }),
  sent: () => gw.requests.length,
  clear: () => gw.clear(),
});
