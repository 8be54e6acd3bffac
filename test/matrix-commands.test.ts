// The matrix, part 3: the other commands (stored responses, history, completion, config, doctor) and the
// config file. Each row: the exit code, one error line, the hint, no stack trace, no key, what was sent.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { withBadServer, type BadServer } from './helpers/bad-servers.ts';
import { startGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { runMatrix, SECRET, WRONG_KEY, type MatrixCase } from './helpers/matrix.ts';
import { deadPort } from './helpers/ports.ts';

let gw: FakeGateway;
let silent: BadServer;
let webPage: BadServer;
let dead = '';
const CORRUPT_TEXT = '{"active": "dev", "profiles": {';
const root = mkdtempSync(join(tmpdir(), 'tfy-llm-matrix-'));
const closers: (() => Promise<void>)[] = [];

/** A config folder holding `text` as its config file. */
function configDir(name: string, text: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { mode: 0o700 });
  writeFileSync(join(dir, 'config.json'), text, { mode: 0o600 });
  return dir;
}

before(async () => {
  gw = await startGateway({ apiKeys: [SECRET], retryAfterSeconds: 0 });
  const hooks = { after: (close: () => Promise<void>) => closers.push(close) };
  silent = await withBadServer(hooks, 'silent');
  webPage = await withBadServer(hooks, 'web-page');
  dead = `http://127.0.0.1:${await deadPort()}/api/llm`;
  const profile = (extra: Record<string, string>) => ({ 'base-url': gw.url, provider: 'p', model: 'gpt-4o', ...extra });
  const profiles = {
    dev: profile({ 'api-key': SECRET }),
    'wrong-key': profile({ 'api-key': WRONG_KEY }),
    'failing-command': profile({ 'api-key-command': 'echo "vault is sealed" >&2; exit 3' }),
    'dead-gateway': { ...profile({ 'api-key': SECRET }), 'base-url': dead },
  };
  configDir('good', JSON.stringify({ active: 'dev', profiles }, null, 2));
  configDir('corrupt', CORRUPT_TEXT);
  configDir('wrong-shape', JSON.stringify({ active: 'dev', profiles: { dev: { 'base-url': 42 } } }));
});
after(async () => {
  await Promise.all(closers.map((close) => close()));
  await gw.close();
  rmSync(root, { recursive: true, force: true });
});

const GOOD = { TFY_LLM_BASE_URL: undefined, TFY_API_KEY: undefined, TFY_LLM_CONFIG_DIR: '$ROOT/good' };
const CORRUPT = { TFY_LLM_CONFIG_DIR: '$ROOT/corrupt' };
const P = { TFY_LLM_PROVIDER: 'p' };
const notFound = /^Response with id 'resp_missing' not found\. \(HTTP 404\) \[request id: req_\w+\]$/;
const idHint = /^check the id; a stored response is found only through the provider that made it \(--provider\)$/;
const noProvider = /^no provider to ask for resp_missing: it is not in the local history and none is configured$/;

export const COMMAND_CASES: MatrixCase[] = [
  // Stored responses: bad ids send nothing; the gateway's refusals keep their exit codes.
  { name: 'retrieve: a path instead of an id', argv: ['retrieve', '../../etc/passwd', '--provider', 'p'], code: 2, message: /^"\.\.\/\.\.\/etc\/passwd" is not a response id$/, hint: /tfy-llm history lists yours/, sent: 0 },
  { name: 'retrieve: an empty id', argv: ['retrieve', '', '--provider', 'p'], code: 2, message: /^the response id is empty$/, sent: 0 },
  { name: 'retrieve: no id', argv: ['retrieve'], code: 2, message: /^missing required argument 'id'$/, hint: /^see tfy-llm retrieve --help$/, sent: 0 },
  { name: 'retrieve: no provider to ask', argv: ['retrieve', 'resp_missing'], code: 2, message: noProvider, hint: /--provider <name>/, sent: 0 },
  { name: 'retrieve: "last" with an empty history', argv: ['retrieve', 'last'], env: P, code: 2, message: /"last" means nothing yet$/, sent: 0 },
  { name: 'retrieve: unknown id (404)', argv: ['retrieve', 'resp_missing'], env: P, code: 5, message: notFound, hint: idHint, sent: 1 },
  { name: 'retrieve: unknown id with --json', argv: ['retrieve', 'resp_missing', '--json'], env: P, code: 5, message: /not found/, sent: 1 },
  { name: 'retrieve: wrong key (401)', argv: ['retrieve', 'resp_missing'], env: { ...P, TFY_API_KEY: WRONG_KEY }, code: 4, message: /^Invalid API key \(HTTP 401\)/, hint: /check the API key/, sent: 1 },
  { name: 'retrieve: dead gateway', argv: ['retrieve', 'resp_missing', '--max-retries', '0'], env: { ...P, TFY_LLM_BASE_URL: '$DEAD' }, code: 1, message: /^could not connect to \S+ \(ECONNREFUSED\)$/ },
  { name: 'retrieve: a silent server, short --timeout', argv: ['retrieve', 'resp_missing', '--timeout', '0.2'], env: { ...P, TFY_LLM_BASE_URL: '$SILENT' }, code: 1, message: /^the request to \S+ timed out after 0\.2s$/ },
  { name: 'retrieve: a web page instead of a gateway (200 HTML)', argv: ['retrieve', 'resp_missing'], env: { ...P, TFY_LLM_BASE_URL: '$WEB_PAGE' }, code: 1, message: /^the gateway answered HTTP 200 with an HTML page, not JSON$/, hint: /seems to lead to a web page/ },
  { name: 'input-items: a web page is an error, not an empty list', argv: ['input-items', 'resp_missing'], env: { ...P, TFY_LLM_BASE_URL: '$WEB_PAGE' }, code: 1, message: /with an HTML page, not JSON$/ },
  { name: 'delete: a web page is not a deletion', argv: ['delete', 'resp_a'], env: { ...P, TFY_LLM_BASE_URL: '$WEB_PAGE' }, code: 1, message: /^the gateway answered HTTP 200 with an HTML page, not JSON$/ },
  { name: 'delete: one bad id among good ones sends nothing', argv: ['delete', 'resp_a', 'not an id', 'resp_b'], env: P, code: 2, message: /^"not an id" is not a response id$/, sent: 0 },
  { name: 'delete: unknown id (404)', argv: ['delete', 'resp_missing'], env: P, code: 5, message: notFound, hint: idHint, sent: 1 },
  { name: 'delete: provider not allowed (403)', argv: ['delete', 'resp_missing', '--provider', 'forbidden'], code: 4, message: /^this key is not allowed to use provider forbidden \(HTTP 403\)/, sent: 1 },
  { name: 'cancel: unknown id (404)', argv: ['cancel', 'resp_missing'], env: P, code: 5, message: notFound, sent: 1 },
  { name: 'cancel: "last" with the history off', argv: ['cancel', 'last'], env: { ...P, TFY_LLM_HISTORY: 'off' }, code: 2, message: /^"last" needs the history, and it is off$/, sent: 0 },
  { name: 'input-items: unknown id (404)', argv: ['input-items', 'resp_missing'], env: P, code: 5, message: notFound, sent: 1 },
  { name: 'input-items: a silent server, short --timeout', argv: ['input-items', 'resp_missing', '--timeout', '0.2'], env: { ...P, TFY_LLM_BASE_URL: '$SILENT' }, code: 1, message: /timed out after 0\.2s$/ },
  { name: 'input-items: bad --max-retries', argv: ['input-items', 'resp_missing', '--max-retries', 'x'], env: P, code: 2, message: /argument 'x' is invalid/, hint: /^see tfy-llm input-items --help$/, sent: 0 },

  // Other commands' own input.
  { name: 'history: -n not a number', argv: ['history', '-n', 'x'], code: 2, message: /^option '-n, --limit <count>' argument 'x' is invalid/, hint: /^see tfy-llm history --help$/, sent: 0 },
  { name: 'history: unknown action', argv: ['history', 'purge'], code: 2, message: /^command-argument value 'purge' is invalid for argument 'action'\. Allowed choices are search, clear\.$/, sent: 0 },
  { name: 'completion: unknown shell', argv: ['completion', 'tcsh'], code: 2, message: /'tcsh' is invalid for argument 'shell'/, sent: 0 },
  { name: 'doctor: --timeout 0', argv: ['doctor', '--timeout', '0'], code: 2, message: /argument '0' is invalid/, hint: /^see tfy-llm doctor --help$/, sent: 0 },
  { name: 'config add: no --base-url', argv: ['config', 'add', 'x'], code: 2, message: /^required option '--base-url <url>' not specified$/, hint: /^see tfy-llm config add --help$/, sent: 0 },

  // The config file and profiles.
  { name: 'corrupt config: create', argv: ['create', 'hi', '-m', 'p/m'], env: CORRUPT, code: 3, message: /^the config file \S+config\.json is not valid JSON \(line 1, column \d+\)$/, hint: /does not overwrite it/, sent: 0 },
  { name: 'corrupt config: retrieve', argv: ['retrieve', 'resp_missing', '--provider', 'p'], env: CORRUPT, code: 3, message: /is not valid JSON \(line 1, column \d+\)$/, sent: 0 },
  { name: 'corrupt config: config list', argv: ['config', 'list'], env: CORRUPT, code: 3, message: /is not valid JSON \(line 1, column \d+\)$/, sent: 0 },
  { name: 'corrupt config with --json', argv: ['create', 'hi', '-m', 'p/m', '--json'], env: CORRUPT, code: 3, message: /is not valid JSON \(line 1, column \d+\)$/, sent: 0 },
  { name: 'config of the wrong shape', argv: ['create', 'hi'], env: { ...GOOD, TFY_LLM_CONFIG_DIR: '$ROOT/wrong-shape' }, code: 3, message: /^the config file \S+config\.json is invalid: "profiles\.dev\.base-url" must be a string$/, hint: /does not overwrite it/, sent: 0 },
  { name: 'unknown profile from -p', argv: ['create', 'hi', '-p', 'nope'], env: GOOD, code: 3, message: /^no profile named "nope"/, hint: /tfy-llm config list/, sent: 0 },
  { name: 'unknown profile from TFY_LLM_PROFILE', argv: ['create', 'hi'], env: { ...GOOD, TFY_LLM_PROFILE: 'nope' }, code: 3, message: /^no profile named "nope"/, sent: 0 },
  { name: 'config use of an unknown profile', argv: ['config', 'use', 'nope'], env: GOOD, code: 3, message: /^no profile named "nope"/, sent: 0 },
  { name: 'api-key-command that fails', argv: ['create', 'hi', '-p', 'failing-command'], env: GOOD, code: 3, message: /^api-key-command failed/, hint: /api-key-command/, sent: 0 },
  { name: 'profile with a wrong key (401), the key not shown', argv: ['create', 'hi', '-p', 'wrong-key'], env: GOOD, code: 4, message: /^Invalid API key \(HTTP 401\)/, sent: 1 },
  { name: 'profile pointing at a dead gateway', argv: ['retrieve', 'resp_missing', '-p', 'dead-gateway', '--max-retries', '0'], env: GOOD, code: 1, message: /^could not connect to \S+ \(ECONNREFUSED\)$/ },
  { name: 'profile works, the model is refused (403)', argv: ['create', 'hi', '-m', 'forbidden-model'], env: GOOD, code: 4, message: /^this key is not allowed to use model p\/forbidden-model/, sent: 1 },
];

runMatrix(COMMAND_CASES, {
  places: () => ({ GW: gw.url, DEAD: dead, SILENT: silent.url, WEB_PAGE: webPage.url, ROOT: root }),
  sent: () => gw.requests.length,
  clear: () => gw.clear(),
});

test('matrix: after every row, the corrupt config file is still there, unchanged', () => {
  assert.equal(readFileSync(join(root, 'corrupt', 'config.json'), 'utf8'), CORRUPT_TEXT);
});
