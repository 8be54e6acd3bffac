// create's parameters: each flag's exact place in the body or headers, and exit 2 with nothing sent for bad values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { writeFixtures } from './helpers/fixtures.ts';
import { KEY, runCli, tempDir } from './helpers/run-cli.ts';

const envFor = (url: string) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY });
const M = ['-m', 'p/gpt-4o'];

test('every sampling and storage flag lands in its field of the body', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(
    ['create', 'hi', ...M, '-s', 'be brief', '-t', '0.2', '--top-p', '0.9', '--max-output-tokens', '256', '--reasoning-effort', 'low', '--no-store', '--metadata', 'ticket=ABC-1', '--metadata', 'team=ml'],
    { env: envFor(gw.url) },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(gw.requests[0]?.body, {
    model: 'p/gpt-4o',
    input: 'hi',
    instructions: 'be brief',
    temperature: 0.2,
    top_p: 0.9,
    max_output_tokens: 256,
    reasoning: { effort: 'low' },
    metadata: { ticket: 'ABC-1', team: 'ml' },
    store: false,
  });
  // The API stores by default: without --no-store nothing about storage is sent.
  await runCli(['create', 'hi', ...M], { env: envFor(gw.url) });
  assert.equal('store' in (gw.requests[1]?.body as object), false);
});

test('--system is an alias of --instructions; giving both is a usage error', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', ...M, '--system', 'you are terse'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal((gw.requests[0]?.body as { instructions: string }).instructions, 'you are terse');
  const both = await runCli(['create', 'hi', ...M, '--system', 'a', '-s', 'b'], { env: envFor(gw.url) });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^error: option '--system <text>' cannot be used with option '-s, --instructions <text>'/);
  assert.equal(gw.requests.length, 1);
});

test('a repeated --metadata key keeps the last value; values may contain "="', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', ...M, '--metadata', 'a=1', '--metadata', 'a=2', '--metadata', 'q=x=y', '--metadata', 'empty='], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual((gw.requests[0]?.body as { metadata: unknown }).metadata, { a: '2', q: 'x=y', empty: '' });
});

test('--schema from a file is a strict json_schema format named after the file; inline JSON is named "output"', async (t) => {
  const gw = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
  const fromFile = await runCli(['create', 'who', ...M, '--schema', f.schema], { env: envFor(gw.url) });
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.deepEqual((gw.requests[0]?.body as { text: unknown }).text, { format: { type: 'json_schema', name: 'person_schema', schema, strict: true } });
  // The demo gateway answers a json_schema request with JSON.
  assert.deepEqual(JSON.parse(fromFile.stdout), { echo: 'who' });

  const inline = await runCli(['create', 'who', ...M, '--schema', JSON.stringify(schema)], { env: envFor(gw.url) });
  assert.equal(inline.code, 0, inline.stderr);
  assert.equal((gw.requests[1]?.body as { text: { format: { name: string } } }).text.format.name, 'output');

  const named = await runCli(['create', 'who', ...M, '--schema', f.schema, '--schema-name', 'Person_v2'], { env: envFor(gw.url) });
  assert.equal(named.code, 0, named.stderr);
  assert.equal((gw.requests[2]?.body as { text: { format: { name: string } } }).text.format.name, 'Person_v2');
});

test('--param adds any field as JSON, and adds to objects a flag also sets', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(
    ['create', 'hi', ...M, '--param', 'service_tier="flex"', '--param', 'parallel_tool_calls=false', '--param', 'reasoning={"summary":"auto"}', '--reasoning-effort', 'high', '--param', 'temperature=0.5'],
    { env: envFor(gw.url) },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(gw.requests[0]?.body, {
    model: 'p/gpt-4o',
    input: 'hi',
    reasoning: { summary: 'auto', effort: 'high' },
    service_tier: 'flex',
    parallel_tool_calls: false,
    temperature: 0.5,
  });
});

test('--background sends background: true and prints the id and status; --json prints the object', async (t) => {
  const gw = await withGateway(t);
  const pipe = await runCli(['create', 'long job', ...M, '--background'], { env: envFor(gw.url) });
  assert.equal(pipe.code, 0, pipe.stderr);
  assert.equal((gw.requests[0]?.body as { background: boolean }).background, true);
  assert.match(pipe.stdout, /^resp_[0-9a-f]+ queued\n$/);
  assert.equal(pipe.stderr, '');

  const json = await runCli(['create', 'long job', ...M, '--background', '--json'], { env: envFor(gw.url) });
  const doc = JSON.parse(json.stdout) as { id: string; status: string; background: boolean };
  assert.match(doc.id, /^resp_/);
  assert.equal(doc.status, 'queued');

  const tty = await runCli(['create', 'long job', ...M, '--background'], { env: envFor(gw.url), stdoutTTY: true, stderrTTY: true });
  const id = /^(resp_[0-9a-f]+) queued\n$/.exec(tty.stdout)?.[1];
  assert.ok(id, tty.stdout);
  assert.match(tty.stderr, new RegExp(`tfy-llm retrieve ${id} --wait`));
});

test('-H and --tfy-metadata become request headers; --tfy-metadata merges into a JSON x-tfy-metadata from -H', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', 'hi', ...M, '-H', 'X-Team: search', '--tfy-metadata', 'app=cli', '--tfy-metadata', 'env=dev'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  const headers = gw.requests[0]?.headers ?? {};
  assert.equal(headers['x-team'], 'search');
  assert.deepEqual(JSON.parse(headers['x-tfy-metadata'] ?? ''), { app: 'cli', env: 'dev' });
  assert.equal(headers['x-tfy-provider-name'], 'p');

  await runCli(['create', 'hi', ...M, '-H', 'x-tfy-metadata: {"owner":"ana","env":"prod"}', '--tfy-metadata', 'env=dev'], { env: envFor(gw.url) });
  assert.deepEqual(JSON.parse(gw.requests[1]?.headers['x-tfy-metadata'] ?? ''), { owner: 'ana', env: 'dev' });
  // Without the flag the header is not sent at all.
  await runCli(['create', 'hi', ...M], { env: envFor(gw.url) });
  assert.equal(gw.requests[2]?.headers['x-tfy-metadata'], undefined);
});

const long = (n: number) => 'x'.repeat(n);
const seventeenKeys = Array.from({ length: 17 }, (_, i) => ['--metadata', `k${i}=v`]).flat();

const BAD_VALUES: { argv: string[]; error: RegExp }[] = [
  { argv: ['-t', 'abc'], error: /^error: option '-t, --temperature <0\.\.2>' argument 'abc' is invalid\. expected a number/ },
  { argv: ['-t', '2.5'], error: /^error: --temperature must be between 0 and 2 \(got 2\.5\)$/m },
  { argv: ['-t', '-0.1'], error: /^error: --temperature must be between 0 and 2 \(got -0\.1\)$/m },
  { argv: ['--top-p', '1.01'], error: /^error: --top-p must be between 0 and 1 \(got 1\.01\)$/m },
  { argv: ['--top-p', ''], error: /^error: option '--top-p <0\.\.1>' argument '' is invalid/ },
  { argv: ['--max-output-tokens', '0'], error: /^error: --max-output-tokens must be a whole number of at least 16 \(got 0\)$/m },
  { argv: ['--max-output-tokens', '100.5'], error: /--max-output-tokens must be a whole number of at least 16 \(got 100\.5\)/ },
  { argv: ['--max-output-tokens', '15'], error: /--max-output-tokens must be a whole number of at least 16 \(got 15\)/ },
  { argv: ['--reasoning-effort', 'huge'], error: /^error: option '--reasoning-effort <level>' argument 'huge' is invalid\. Allowed choices are none, minimal, low, medium, high, xhigh, max\./ },
  { argv: ['--image-detail', 'ultra'], error: /^error: option '--image-detail <level>' argument 'ultra' is invalid/ },
  { argv: ['--metadata', 'novalue'], error: /^error: option '--metadata <key=value>' argument 'novalue' is invalid\. expected key=value/ },
  { argv: seventeenKeys, error: /^error: --metadata: 17 keys, over the limit of 16$/m },
  { argv: ['--metadata', `${long(65)}=v`], error: /^error: --metadata x{20}…: the key is 65 characters, over the limit of 64$/m },
  { argv: ['--metadata', ' =v'], error: /^error: --metadata: a key is empty$/m },
  { argv: ['--metadata', `k=${long(513)}`], error: /^error: --metadata k: the value is 513 characters, over the limit of 512$/m },
  { argv: ['--tfy-metadata', `k=${long(129)}`], error: /^error: --tfy-metadata k: the value is 129 characters, over the limit of 128$/m },
  { argv: ['--tfy-metadata', '=v'], error: /^error: option '--tfy-metadata <key=value>' argument '=v' is invalid/ },
  { argv: ['--schema', '{"type": "object",'], error: /^error: --schema: not valid JSON \(/ },
  { argv: ['--schema', '[1, 2]'], error: /^error: --schema: expected a JSON Schema object\nhint: /m },
  { argv: ['--schema', 'nope.json'], error: /^error: --schema nope.json: no such file$/m },
  { argv: ['--schema', '{"type": "object"}', '--schema-name', 'has space'], error: /^error: --schema-name may only use A-Z, a-z, 0-9, _ and -, at most 64 characters$/m },
  { argv: ['--schema-name', 'x'], error: /^error: --schema-name needs --schema$/m },
  { argv: ['--background', '--no-store'], error: /^error: --background needs a stored response: drop --no-store$/m },
  { argv: ['--param', 'service_tier=flex'], error: /^error: --param service_tier: the value is not valid JSON: flex\nhint: quote strings as JSON: --param 'service_tier="flex"'\n$/ },
  { argv: ['--param', 'a.b=1'], error: /^error: --param a\.b: not a top-level field name/ },
  { argv: ['--param', 'model="x"'], error: /^error: --param model: this field is set by --model, not by --param\nhint: use --model\n$/ },
  { argv: ['--param', 'stream=true'], error: /^error: --param stream: this field is set by --stream, not by --param/ },
  { argv: ['--param', 'temperature=1', '-t', '0.5'], error: /^error: --param temperature sets temperature, which --temperature sets too$/m },
  { argv: ['--param', 'reasoning={"effort":"low"}', '--reasoning-effort', 'high'], error: /^error: --param reasoning sets reasoning\.effort, which --reasoning-effort sets too$/m },
  { argv: ['-s', '   '], error: /^error: --instructions is empty$/m },
  { argv: ['--bogus'], error: /^error: unknown option '--bogus'/ },
  { argv: ['--temprature', '1'], error: /^error: unknown option '--temprature'\nhint: did you mean --temperature\? \(see tfy-llm create --help\)\n$/ },
];

test('bad values are exit 2 with one error line, and nothing is sent', async (t) => {
  const gw = await withGateway(t);
  for (const bad of BAD_VALUES) {
    const result = await runCli(['create', 'hi', ...M, ...bad.argv], { env: envFor(gw.url) });
    const name = bad.argv.join(' ').slice(0, 60);
    assert.equal(result.code, 2, `${name}: ${result.stderr}`);
    assert.match(result.stderr, bad.error, name);
    assert.equal(result.stderr.match(/^error:/gm)?.length, 1, `${name}: one error line`);
    assert.doesNotMatch(result.stderr, /\n\s+at /, name);
    assert.equal(result.stdout, '', name);
  }
  assert.equal(gw.requests.length, 0);
});

test('every bad field is reported at once, model and prompt included', async (t) => {
  const gw = await withGateway(t);
  const result = await runCli(['create', '-t', '3', '--top-p', '2', '--metadata', `k=${long(600)}`, '--tfy-metadata', `t=${long(200)}`, '--schema-name', 'n'], {
    env: envFor(gw.url),
  });
  assert.equal(result.code, 2);
  const [line, hint] = result.stderr.split('\n');
  for (const part of ['--temperature must be between 0 and 2', '--top-p must be between 0 and 1', '--metadata k: the value is 600', '--schema-name needs --schema', 'no model given', 'no prompt given', '--tfy-metadata t: the value is 200']) {
    assert.ok(line?.includes(part), `missing "${part}" in: ${line}`);
  }
  assert.match(hint ?? '', /^hint: /);
  assert.equal(gw.requests.length, 0);
});

test('create --help shows examples of images, stdin, schema and --continue', async () => {
  const result = await runCli(['create', '--help']);
  assert.equal(result.code, 0);
  const examples = result.stdout.slice(result.stdout.indexOf('Examples:'));
  assert.match(examples, /\$ tfy-llm create .* -i shot\.png/);
  assert.match(examples, /\$ cat notes\.md \| tfy-llm create /);
  assert.match(examples, /\$ tfy-llm create .* --schema person\.schema\.json/);
  assert.match(examples, /\$ tfy-llm create .* --continue/);
  assert.match(result.stdout, /--dry-run +print the HTTP request/);
});
