// The matrix, part 5 (issue 14, part B): hangs and limits, lies and misdiagnoses, odd answers. Each class
// has the example and a sibling. Same promises for every row as the other parts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { withBadServer, type BadKind, type BadServer } from './helpers/bad-servers.ts';
import { startGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { runMatrix, SECRET, type MatrixCase } from './helpers/matrix.ts';

let gw: FakeGateway;
/** A config folder with no history and no config, for the rows that need nothing recorded. */
const empty = mkdtempSync(join(tmpdir(), 'tfy-llm-empty-'));
const bad: Partial<Record<BadKind, BadServer>> = {};
const closers: (() => Promise<void>)[] = [];
const KINDS = [
  'repeating-cursor', 'empty-page', 'not-deleted', 'deleted-other-id', 'cancelled', 'empty-completed',
  'redirect-elsewhere', 'redirect-moved', 'gzip-bomb', 'huge-plain', 'huge-event', 'silent',
] as const satisfies readonly BadKind[];
before(async () => {
  gw = await startGateway({ apiKeys: [SECRET], retryAfterSeconds: 0, slowMs: 30_000, backgroundPolls: 1_000 });
  const hooks = { after: (close: () => Promise<void>) => closers.push(close) };
  for (const kind of KINDS) bad[kind] = await withBadServer(hooks, kind);
});
after(async () => {
  await Promise.all(closers.map((close) => close()));
  await gw.close();
  rmSync(empty, { recursive: true, force: true });
});

const create = (...more: string[]) => ['create', 'hello', '-m', 'p/m', ...more];
const at = (kind: BadKind) => ({ TFY_LLM_BASE_URL: `$${kind.toUpperCase().replace(/-/g, '_')}` });
const one = (command: string, ...more: string[]) => [command, 'resp_bad1', '--provider', 'p', ...more];
const headerHint = /^headers are "Name: value" in printable ASCII/;

export const HARDENING_CASES: MatrixCase[] = [
  // Hangs, limits and loops.
  { name: 'input-items: the server repeats its cursor', argv: one('input-items'), env: at('repeating-cursor'), code: 1, message: /^the gateway sent the page after msg_1 again \(the list goes round in circles\), so tfy-llm stopped after 2 items$/, hint: /--limit/ },
  { name: 'input-items: an empty page that says more follow', argv: one('input-items'), env: at('empty-page'), code: 1, message: /^the gateway sent an empty page that says more follow \("has_more": true\), so tfy-llm stopped after 0 items$/, hint: /--limit/ },
  { name: 'input-items --limit 0', argv: one('input-items', '--limit', '0'), code: 2, message: /argument '0' is invalid\. expected a whole number, 1 or more$/, sent: 0 },
  { name: '--timeout past what a timer holds', argv: create('--timeout', '3000000'), code: 2, message: /^option '--timeout <seconds>' argument '3000000' is invalid\. expected a number of seconds greater than 0, at most 86400 \(a day\)$/, sent: 0 },
  { name: '--timeout under a millisecond', argv: create('--timeout', '0.0001'), code: 2, message: /argument '0\.0001' is invalid/, sent: 0 },
  { name: '--max-retries past any sense', argv: create('--max-retries', '100000'), code: 2, message: /argument '100000' is invalid\. expected a whole number \(0, 1, 2, …\) up to 100$/, sent: 0 },
  { name: '--stream --timeout: a stream that never starts is not retried', argv: ['create', 'hello', '-m', 'p/slow', '--stream', '--timeout', '1'], code: 1, message: /^the request to \S+ timed out after 1s$/, hint: /--timeout/, sent: 1 },
  { name: '--stream --timeout, stream forced off a terminal, with --json', argv: ['create', 'hello', '-m', 'p/slow', '--stream', '--timeout', '1', '--json'], code: 1, message: /timed out after 1s$/, sent: 1 },
  { name: 'create --background --wait --timeout bounds the poll loop', argv: ['create', 'hello', '-m', 'p/m', '--background', '--wait', '--timeout', '1'], code: 1, message: /^gave up waiting after 1s \(--timeout\): resp_\w+ is still (queued|in_progress)$/, hint: /tfy-llm retrieve resp_\w+ --wait/ },
  { name: 'a plain body of 80 MB, its length told (only a body within the limit goes uncounted)', argv: create('--max-retries', '0'), env: at('huge-plain'), code: 1, message: /^the answer from http:\/\/127\.0\.0\.1:\d+ is larger than 64 MB, so tfy-llm stopped reading it$/, hint: /check the base URL/ },
  { name: 'a gzip bomb (256 KB that inflates to 256 MB)', argv: create('--max-retries', '0'), env: at('gzip-bomb'), code: 1, message: /^the answer from http:\/\/127\.0\.0\.1:\d+ is larger than 64 MB, so tfy-llm stopped reading it$/, hint: /check the base URL/ },
  { name: 'a stream event that never ends (32 MB)', argv: create('--stream', '--max-retries', '0'), env: at('huge-event'), code: 1, message: /^a stream event from http:\/\/127\.0\.0\.1:\d+ is larger than 16 MB, so tfy-llm stopped reading it$/ },
  { name: '-H Content-Length (hung for 180 s)', argv: create('-H', 'Content-Length: 5'), code: 2, message: /^the header "Content-Length" is set by the HTTP layer and cannot be given$/, hint: headerHint, sent: 0 },
  { name: '-H Transfer-Encoding', argv: create('-H', 'Transfer-Encoding: chunked'), code: 2, message: /^the header "Transfer-Encoding" is set by the HTTP layer/, sent: 0 },
  { name: '-H Connection, on another command', argv: one('retrieve', '-H', 'connection: close'), code: 2, message: /^the header "connection" is set by the HTTP layer/, sent: 0 },
  { name: '-H Host', argv: create('-H', 'Host: example.com'), code: 2, message: /^the header "Host" is set by the HTTP layer/, sent: 0 },
  { name: '-H with a control character (was "could not connect", 3 attempts)', argv: create('-H', 'X-Team: a\u0001b'), code: 2, message: /^invalid header "X-Team": the value has a control character$/, hint: headerHint, sent: 0 },
  { name: '-H with a NUL', argv: create('-H', 'X-Team: a\u0000b'), code: 2, message: /control character/, sent: 0 },
  { name: '-H with non-Latin-1 text (was a ByteString crash)', argv: create('-H', 'X-Team: 日本'), code: 2, message: /^invalid header "X-Team": the value has non-ASCII characters/, hint: /--tfy-metadata/, sent: 0 },
  { name: 'a key with a control character (was "could not connect", 3 attempts)', argv: create(), env: { TFY_API_KEY: `${SECRET}\u0001` }, code: 3, message: /^the API key from TFY_API_KEY \(tfy-…\w+\) has a control character, so it cannot be sent$/, hint: /tr -d/, sent: 0 },
  { name: 'a key with a CRLF line end', argv: create(), env: { TFY_API_KEY: `${SECRET}\r\n` }, code: 3, message: /^the API key from TFY_API_KEY \(tfy-…\w+\) has a line break/, sent: 0 },
  { name: '-H with Latin-1 text (was sent as invalid UTF-8)', argv: create('-H', 'X-Team: café'), code: 2, message: /non-ASCII/, sent: 0 },

  // Lies and misdiagnoses.
  { name: 'delete answered {"deleted": false}', argv: one('delete'), env: at('not-deleted'), code: 1, message: /^the gateway did not delete resp_bad1: it answered "deleted": false$/, hint: /still be stored/ },
  { name: 'delete answered for another id', argv: one('delete'), env: at('deleted-other-id'), code: 1, message: /^the gateway answered for another id \(resp_someone_else\), not resp_bad1/ },
  { name: 'a 307 to another origin (was "invalid API key")', argv: create(), env: at('redirect-elsewhere'), code: 3, message: /^the base URL redirects to http:\/\/127\.0\.0\.2:1\/api\/llm\/responses \(HTTP 307\); use that URL$/, hint: /set the base URL to http:\/\/127\.0\.0\.2:1\/api\/llm \(/ },
  { name: 'a 301 on a POST (was a GET and a "success")', argv: create(), env: at('redirect-moved'), code: 3, message: /^the base URL redirects to http:\/\/127\.0\.0\.1:\d+\/elsewhere\/api\/llm\/responses \(HTTP 301\); use that URL$/, hint: /set the base URL to http:\/\/127\.0\.0\.1:\d+\/elsewhere\/api\/llm / },
  { name: 'a 301 on a GET (retrieve)', argv: one('retrieve'), env: at('redirect-moved'), code: 3, message: /^the base URL redirects to \S+\/elsewhere\/api\/llm\/responses\/resp_bad1 \(HTTP 301\); use that URL$/ },
  { name: 'a redirect with --stream and --json', argv: create('--stream', '--json'), env: at('redirect-elsewhere'), code: 3, message: /redirects to/ },
  { name: '-m provider/model with another --provider', argv: create('-m', 'p/gpt-4o', '--provider', 'other'), code: 2, message: /^--provider other contradicts the model p\/gpt-4o, whose provider is p$/, hint: /drop --provider/, sent: 0 },
  { name: '--continue with no history', argv: create('--continue'), env: { TFY_LLM_CONFIG_DIR: '$EMPTY' }, code: 2, message: /^--continue has nothing to continue/, hint: /without --continue/, sent: 0 },
  { name: 'history -n 0', argv: ['history', '-n', '0'], code: 2, message: /argument '0' is invalid\. expected a whole number, 1 or more$/ },
  { name: 'a base URL with a #fragment (flag)', argv: create('--base-url', '$GW#frag'), code: 2, message: /^the base URL from --base-url has a #fragment \(#frag\), which cannot be part of a base URL$/, hint: /^use http:\/\/127\.0\.0\.1:\d+\/api\/llm$/, sent: 0 },
  { name: 'a base URL with a ?query (environment)', argv: create(), env: { TFY_LLM_BASE_URL: '$GW?x=1' }, code: 3, message: /^the base URL from TFY_LLM_BASE_URL has a \?query \(\?x=1\)/, sent: 0 },
  { name: 'an invalid HTTP_PROXY (was "Invalid URL")', argv: create(), env: { HTTP_PROXY: 'not a url' }, code: 3, message: /^HTTP_PROXY is not an http\(s\) proxy URL: "not a url"$/, hint: /unset HTTP_PROXY/, sent: 0 },
  { name: 'an invalid https_proxy, credentials hidden', argv: create(), env: { https_proxy: 'socks5://user:hunter2@proxy:1080' }, code: 3, message: /^https_proxy is not an http\(s\) proxy URL: "socks5:\/\/…@proxy:1080"$/, sent: 0 },

  // Crashes on odd answers.
  { name: 'a cancelled response (printed nothing, exit 0)', argv: one('retrieve'), env: at('cancelled'), code: 1, message: /^the response resp_bad1 was cancelled before it finished \[request id: req_bad\]$/, hint: null },
  { name: 'create answered with a cancelled response, --json', argv: create('--json'), env: at('cancelled'), code: 1, message: /was cancelled/, stdout: /"status":"cancelled"/ },
  { name: 'a completed response with no output (printed nothing, exit 0)', argv: create(), env: at('empty-completed'), code: 1, message: /^the response resp_bad1 completed with no output \[request id: req_bad\]$/, hint: /try again/ },
  { name: 'retrieve of a completed response with no output', argv: one('retrieve'), env: at('empty-completed'), code: 1, message: /completed with no output/ },
];

runMatrix(HARDENING_CASES, {
  places: () => {
    const places: Record<string, string> = { GW: gw.url, EMPTY: empty };
    for (const kind of KINDS) places[kind.toUpperCase().replace(/-/g, '_')] = bad[kind]?.url ?? '';
    return places;
  },
  sent: () => gw.requests.length,
  clear: () => gw.clear(),
});
