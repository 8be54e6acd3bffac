// The matrix, part 4: create's inputs and streaming. Bad inputs send nothing; a stream that fails part-way
// keeps what it printed, then fails with one line. Same promises for every row as parts 1 to 3.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { runMatrix, SECRET, type MatrixCase } from './helpers/matrix.ts';

let gw: FakeGateway;
const files = mkdtempSync(join(tmpdir(), 'tfy-llm-matrix-files-'));
before(async () => {
  gw = await startGateway({ apiKeys: [SECRET], retryAfterSeconds: 0, streamPauseMs: 30_000 });
  writeFileSync(join(files, 'notes.txt'), 'plain text, not an image and not a PDF');
  writeFileSync(join(files, 'broken.json'), '{"type": "object",');
  mkdirSync(join(files, 'folder'));
});
after(async () => {
  await gw.close();
  rmSync(files, { recursive: true, force: true });
});

const create = (...more: string[]) => ['create', 'hello', '-m', 'p/gpt-4o', ...more];
const stream = (model: string, ...more: string[]) => ['create', 'hello', '-m', `p/${model}`, '--stream', ...more];
const help = /^see tfy-llm create --help$/;
const partial = /^\*\*Hello from the demo/;

export const CREATE_CASES: MatrixCase[] = [
  // Files: checked before anything is sent.
  { name: 'create: --image that does not exist', argv: create('-i', '$FILES/missing.png'), code: 2, message: /^--image \S+missing\.png: no such file$/, sent: 0 },
  { name: 'create: --image that is a folder', argv: create('-i', '$FILES/folder'), code: 2, message: /^--image \S+folder: is a directory, not a file$/, sent: 0 },
  { name: 'create: --image that is not an image', argv: create('-i', '$FILES/notes.txt'), code: 2, message: /^--image \S+notes\.txt: not a PNG, JPEG, WebP or GIF image$/, hint: /convert it to PNG or JPEG/, sent: 0 },
  { name: 'create: --file that is not a PDF', argv: create('-f', '$FILES/notes.txt'), code: 2, message: /^--file \S+notes\.txt: not a PDF document$/, hint: /only PDF documents/, sent: 0 },
  { name: 'create: --schema that is not JSON', argv: create('--schema', '$FILES/broken.json'), code: 2, message: /^--schema \S+broken\.json: not valid JSON/, sent: 0 },
  { name: 'create: --input-json that is not JSON', argv: ['create', '-m', 'p/gpt-4o', '--input-json', '$FILES/broken.json'], code: 2, message: /^--input-json \S+broken\.json: not valid JSON/, sent: 0 },
  { name: 'create: --input-json and a prompt', argv: create('--input-json', '$FILES/broken.json'), code: 2, message: /^--input-json replaces the whole input: drop a prompt$/, hint: /put the text and attachments in the JSON/, sent: 0 },

  // Values.
  { name: 'create: --temperature out of range', argv: create('-t', '3'), code: 2, message: /^--temperature must be between 0 and 2 \(got 3\)$/, sent: 0 },
  { name: 'create: two bad values, reported together, with --json', argv: create('-t', '3', '--top-p', '2', '--json'), code: 2, message: /^--temperature must be between 0 and 2 \(got 3\); --top-p must be between 0 and 1 \(got 2\)$/, sent: 0 },
  { name: 'create: --max-output-tokens too small', argv: create('--max-output-tokens', '0'), code: 2, message: /^--max-output-tokens must be a whole number of at least 16 \(got 0\)$/, sent: 0 },
  { name: 'create: --metadata without a key', argv: create('--metadata', 'nokey'), code: 2, message: /argument 'nokey' is invalid\. expected key=value$/, hint: help, sent: 0 },
  { name: 'create: --param without JSON', argv: create('--param', 'x'), code: 2, message: /argument 'x' is invalid/, hint: help, sent: 0 },
  { name: 'create: --image-detail not a choice', argv: create('--image-detail', 'huge'), code: 2, message: /Allowed choices are low, high, auto\.$/, hint: help, sent: 0 },
  { name: 'create: --reasoning-effort not a choice', argv: create('--reasoning-effort', 'extreme'), code: 2, message: /argument 'extreme' is invalid\. Allowed choices are/, sent: 0 },
  { name: 'create: --previous not an id', argv: create('--previous', 'bad/id'), code: 2, message: /^"bad\/id" is not a response id$/, sent: 0 },
  { name: 'create: --tfy-metadata value too long', argv: create('--tfy-metadata', `k=${'x'.repeat(200)}`), code: 2, message: /^--tfy-metadata k: the value is 200 characters, over the limit of 128$/, sent: 0 },
  { name: 'create: --background with --no-store', argv: create('--background', '--no-store'), code: 2, message: /^--background needs a stored response: drop --no-store$/, sent: 0 },
  { name: 'create: --dry-run still refuses a bad value', argv: create('--dry-run', '--timeout', '0'), code: 2, message: /argument '0' is invalid/, sent: 0 },

  // Streams: failures before the first event, and part-way through.
  { name: 'stream: cut mid-way, what came stays printed', argv: stream('cut-stream'), code: 1, message: /^the response stream broke off before the response was complete \(UND_ERR_SOCKET\)$/, hint: /--no-stream/, sent: 1, stdout: partial },
  { name: 'stream: cut mid-way with --json (NDJSON so far)', argv: stream('cut-stream', '--json'), code: 1, message: /broke off before the response was complete/, sent: 1, stdout: /^\{"type":"response\.created"/ },
  // An explicit --timeout bounds the whole command, so it, not the silence, ends a stalled stream (issue 14).
  { name: 'stream: stalls, short --timeout', argv: stream('slow-stream', '--timeout', '1'), code: 1, message: /^the request to \S+ timed out after 1s$/, hint: /--timeout/, sent: 1, stdout: partial },
  { name: 'stream: an error event', argv: stream('stream-error'), code: 1, message: /^The model stopped with an internal error\. \[request id: req_\w+\]$/, sent: 1, stdout: /^(\*\*Hello[^\n]*)?\n?$/ },
  { name: 'stream: 429 before the first event', argv: stream('rate-limited', '--max-retries', '1'), code: 6, message: /\(HTTP 429, 2 attempts\)/, sent: 2 },
  { name: 'stream: HTML error page before the first event', argv: stream('html-error', '--max-retries', '0'), code: 1, message: /^the gateway answered HTTP 502 with an HTML page, not JSON/, sent: 1 },
  { name: 'stream: missing provider header', argv: ['create', 'hello', '-m', 'gpt-4o', '--stream'], code: 1, message: /x-tfy-provider-name' is missing/, hint: /--provider/, sent: 1 },
];

runMatrix(CREATE_CASES, {
  places: () => ({ GW: gw.url, FILES: files }),
  sent: () => gw.requests.length,
  clear: () => gw.clear(),
});
