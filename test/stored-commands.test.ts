// retrieve, delete, cancel and input-items against the fake gateway, which keeps responses per provider.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { call } from './helpers/gateway-http.ts';
import { KEY, runCli, tempDir } from './helpers/run-cli.ts';

type Json = Record<string, any>;

function setup(t: TestContext, gw: FakeGateway, extra: Record<string, string> = {}) {
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: tempDir(t), ...extra };
  return (argv: string[], more: Record<string, string> = {}) => runCli(argv, { env: { ...env, ...more } });
}

async function createId(cli: ReturnType<typeof setup>, argv: string[]): Promise<string> {
  const result = await cli(['create', ...argv, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as { id: string }).id;
}

test('provider memory: made with provider A, retrieve and delete still reach A when the environment says B', async (t) => {
  const gw = await withGateway(t);
  const cli = setup(t, gw, { TFY_LLM_PROVIDER: 'prov-a' });
  const id = await createId(cli, ['remember me', '-m', 'gpt-4o']);
  assert.ok(gw.responses('prov-a').has(id));

  gw.clear();
  const retrieved = await cli(['retrieve', id, '--json'], { TFY_LLM_PROVIDER: 'prov-b' });
  assert.equal(retrieved.code, 0, retrieved.stderr);
  assert.equal((JSON.parse(retrieved.stdout) as Json).id, id);
  assert.equal(gw.requests[0]?.method, 'GET');
  assert.equal(gw.requests[0]?.path, `/api/llm/responses/${id}`);
  assert.equal(gw.requests[0]?.headers['x-tfy-provider-name'], 'prov-a');

  // --provider still wins over the memory: the gateway answers 404 for B.
  const forced = await cli(['retrieve', id, '--provider', 'prov-b']);
  assert.equal(forced.code, 5);

  gw.clear();
  const deleted = await cli(['delete', id], { TFY_LLM_PROVIDER: 'prov-b' });
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(deleted.stdout, `deleted ${id}\n`);
  assert.equal(gw.requests[0]?.headers['x-tfy-provider-name'], 'prov-a');
  assert.equal(gw.responses('prov-a').has(id), false);
});

test('retrieve prints like create: text in a pipe, the raw object with --json', async (t) => {
  const gw = await withGateway(t);
  const cli = setup(t, gw);
  const id = await createId(cli, ['say it again', '-m', 'p/gpt-4o']);
  const text = await cli(['retrieve', id]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /> say it again\n$/);
  const json = await cli(['retrieve', 'last', '--json']);
  assert.deepEqual(JSON.parse(json.stdout), gw.responses('p').get(id));
});

test('delete of three ids with the middle one unknown: the other two go, every id is reported, exit 5', async (t) => {
  const gw = await withGateway(t);
  const cli = setup(t, gw);
  const first = await createId(cli, ['one', '-m', 'p/m']);
  const third = await createId(cli, ['three', '-m', 'p/m']);
  const unknown = 'resp_000000000000000000000000';
  gw.clear();

  const result = await cli(['delete', first, unknown, third, '--provider', 'p']);
  assert.equal(result.code, 5);
  assert.equal(result.stdout, `deleted ${first}\ndeleted ${third}\n`);
  assert.match(result.stderr, new RegExp(`^error: ${unknown}: Response with id '${unknown}' not found\\. \\(HTTP 404\\) \\[request id: req_\\w+\\]\\nhint: check the id; .*\\(--provider\\)\\n$`));
  assert.deepEqual(gw.requests.map((r) => `${r.method} ${r.path}`), [first, unknown, third].map((id) => `DELETE /api/llm/responses/${id}`));
  assert.equal(gw.responses('p').size, 0);

  // --json: an array of the gateway's bodies, the failure as a JSON line on stderr.
  const a = await createId(cli, ['a', '-m', 'p/m']);
  const b = await createId(cli, ['b', '-m', 'p/m']);
  const json = await cli(['delete', a, unknown, b, '--json'], { TFY_LLM_PROVIDER: 'p' });
  assert.equal(json.code, 5);
  assert.deepEqual(JSON.parse(json.stdout), [{ id: a, object: 'response', deleted: true }, { id: b, object: 'response', deleted: true }]);
  const errorLine = json.stderr.split('\n').find((line) => line.startsWith('{'));
  assert.equal((JSON.parse(errorLine ?? '{}') as Json).error.exit_code, 5);
  // One id with --json: the object itself, not an array.
  const c = await createId(cli, ['c', '-m', 'p/m']);
  assert.deepEqual(JSON.parse((await cli(['delete', c, '--json'])).stdout), { id: c, object: 'response', deleted: true });
});

test('a background response: created, then cancelled, and the history knows', async (t) => {
  const gw = await withGateway(t, { backgroundPolls: 50 });
  const cli = setup(t, gw);
  const created = await cli(['create', 'long job', '-m', 'p/m', '--background', '--json']);
  const queued = JSON.parse(created.stdout) as Json;
  assert.equal(queued.status, 'queued');

  gw.clear();
  const cancelled = await cli(['cancel', 'last']);
  assert.equal(cancelled.code, 0, cancelled.stderr);
  assert.equal(cancelled.stdout, `cancelled ${queued.id}\n`);
  assert.deepEqual(gw.requests.map((r) => `${r.method} ${r.path} ${r.headers['x-tfy-provider-name']}`), [`POST /api/llm/responses/${queued.id}/cancel p`]);
  assert.equal((gw.responses('p').get(queued.id) as Json).status, 'cancelled');
  const history = JSON.parse((await cli(['history', '--json'])).stdout) as Json[];
  assert.equal(history[0]?.status, 'cancelled');

  // Cancelling a finished response is the gateway's 400: exit 1, its message.
  const done = await createId(cli, ['quick', '-m', 'p/m']);
  const refused = await cli(['cancel', done, '--json']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^error: Cannot cancel a response that is not in progress/);
});

test('retrieve --wait and create --background --wait poll until the response ends', async (t) => {
  const gw = await withGateway(t, { backgroundPolls: 2 });
  const cli = setup(t, gw);
  const queued = JSON.parse((await cli(['create', 'later', '-m', 'p/m', '--background', '--json'])).stdout) as Json;
  // Without --wait: what there is now, and a note saying how to wait.
  const now = await cli(['retrieve', queued.id]);
  assert.equal(now.code, 0);
  assert.match(now.stderr, /is in_progress: no output yet \(add --wait/);
  gw.clear();
  const waited = await cli(['retrieve', queued.id, '--wait']);
  assert.equal(waited.code, 0, waited.stderr);
  assert.match(waited.stdout, /> later\n$/);
  assert.ok(gw.requests.length >= 1 && gw.requests.every((r) => r.method === 'GET'));
  assert.equal((JSON.parse((await cli(['history', '--json'])).stdout) as Json[])[0]?.status, 'completed');

  gw.clear();
  const both = await cli(['create', 'wait for me', '-m', 'p/m', '--background', '--wait', '--json']);
  assert.equal(both.code, 0, both.stderr);
  const final = JSON.parse(both.stdout) as Json;
  assert.equal(final.status, 'completed');
  assert.deepEqual(gw.requests.map((r) => r.method), ['POST', 'GET', 'GET']);
  assert.equal((JSON.parse((await cli(['history', '--json'])).stdout) as Json[])[0]?.status, 'completed');
});

test('input-items follows every page and prints the items oldest first', async (t) => {
  const gw = await withGateway(t);
  const cli = setup(t, gw);
  const input = Array.from({ length: 205 }, (_, i) => ({ role: 'user', content: `message number ${i}` }));
  const { id } = (await call(gw, 'POST', '/responses', { provider: 'p', body: { model: 'm', input } })).json;
  gw.clear();

  const json = await cli(['input-items', id, '--json', '--provider', 'p']);
  assert.equal(json.code, 0, json.stderr);
  const items = JSON.parse(json.stdout) as Json[];
  assert.equal(items.length, 205);
  assert.deepEqual(items.map((item) => item.content[0].text), input.map((item) => item.content));
  assert.equal(gw.requests.length, 3, 'three pages of 100');
  assert.equal(gw.requests[1]?.query.after, items[99]?.id);

  const lines = await cli(['input-items', id, '--provider', 'p']);
  assert.equal(lines.stdout.split('\n').length, 206);
  assert.match(lines.stdout, /^user: message number 0\nuser: message number 1\n/);
});

test('empty or malformed ids are exit 2 and send nothing; so is an id with no provider to ask', async (t) => {
  const gw = await withGateway(t);
  const cli = setup(t, gw);
  const cases: [string[], RegExp][] = [
    [['retrieve', ''], /^error: the response id is empty\nhint: /],
    [['retrieve', '../models'], /^error: "\.\.\/models" is not a response id\nhint: /],
    [['cancel', 'resp_1 2'], /is not a response id/],
    [['delete', 'resp_ok', 'resp/bad', '--provider', 'p'], /"resp\/bad" is not a response id/],
    [['retrieve', 'resp_unknown'], /^error: no provider to ask for resp_unknown: it is not in the local history and none is configured\nhint: pass --provider/],
    [['retrieve', 'last'], /^error: no stored response created without a profile in the history/],
    [['create', 'hi', '-m', 'p/m', '--previous', 'bad id!'], /is not a response id/],
    [['create', 'hi', '-m', 'p/m', '--continue'], /^error: --continue has nothing to continue: the history holds no stored response created without a profile\nhint: start the conversation without --continue/],
    [['create', 'hi', '-m', 'p/m', '--continue', '--previous', 'resp_x'], /--continue and --previous/],
  ];
  for (const [argv, message] of cases) {
    const result = await cli(argv);
    assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '');
  }
  assert.equal(gw.requests.length, 0);
});

test('an unknown id is exit 5 with one line', async (t) => {
  const gw = await withGateway(t);
  const cli = setup(t, gw);
  for (const command of ['retrieve', 'delete', 'cancel', 'input-items']) {
    const result = await cli([command, 'resp_missing', '--provider', 'p']);
    assert.equal(result.code, 5, command);
    assert.match(result.stderr, /^error: Response with id 'resp_missing' not found\. \(HTTP 404\) \[request id: req_\w+\]\nhint: check the id; .*\(--provider\)\n$/, command);
  }
});

// The timeout turns a wait that ignores Ctrl-C into a failure instead of a hung suite.
test('Ctrl-C while waiting stops the wait with exit 130; the response is left running', { timeout: 15_000 }, async (t) => {
  const gw = await withGateway(t, { backgroundPolls: 1_000 });
  const cli = setup(t, gw);
  const { id } = JSON.parse((await cli(['create', 'forever', '-m', 'p/m', '--background', '--json'])).stdout) as Json;
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 700);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_PROVIDER: 'p', TFY_LLM_CONFIG_DIR: tempDir(t) };
  const result = await runCli(['retrieve', id, '--wait'], { env, signal: controller.signal });
  assert.equal(result.code, 130);
  assert.equal(result.stderr, 'error: interrupted\n');
  assert.ok(gw.requests.filter((r) => r.method === 'GET').length >= 2, 'it polled before the interrupt');
  assert.equal((gw.responses('p').get(id) as Json).status, 'in_progress');
});

test('an id made through another gateway URL is still asked for, with a warning saying so', async (t) => {
  const first = await withGateway(t);
  const second = await withGateway(t);
  const cli = setup(t, first);
  const id = await createId(cli, ['hi', '-m', 'p/m']);
  const result = await cli(['retrieve', id], { TFY_LLM_BASE_URL: second.url });
  assert.equal(result.code, 5);
  assert.equal(second.requests[0]?.headers['x-tfy-provider-name'], 'p', 'the provider still comes from the history');
  assert.match(result.stderr, new RegExp(`^warning: ${id} was created through ${first.url}; this request goes to ${second.url}\\n`));
});
