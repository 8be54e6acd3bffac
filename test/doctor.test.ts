import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir, type RunOptions } from './helpers/run-cli.ts';

interface JsonCheck {
  id: string;
  status: string;
  detail: string;
  fix: string | null;
}

async function setup(t: TestContext, add: string[] = [], key = KEY) {
  const gw = await withGateway(t);
  const dir = join(tempDir(t), 'cfg');
  const cli = (argv: string[], options: RunOptions = {}) => runCli(argv, { ...options, env: { TFY_LLM_CONFIG_DIR: dir, ...options.env } });
  const added = await cli(['config', 'add', 'dev', '--base-url', gw.url, '--api-key-stdin', '--provider', 'openai-main', '--model', 'gpt-4o', ...add], { stdin: key });
  assert.equal(added.code, 0, added.stderr);
  gw.clear();
  return { gw, dir, path: join(dir, 'config.json'), cli };
}

const statuses = (stdout: string) => Object.fromEntries((JSON.parse(stdout).checks as JsonCheck[]).map((c) => [c.id, c.status]));

test('doctor: every check passes against a working gateway, one line each; exit 0', async (t) => {
  const { gw, cli, path } = await setup(t);
  let clock = 0;
  const result = await cli(['doctor'], { now: () => (clock += 7) });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 6);
  assert.match(lines[0] ?? '', new RegExp(`^✓ config file +${path} is readable and private \\(mode 0600\\)$`));
  assert.match(lines[1] ?? '', /^✓ profile complete +profile dev: base-url, key, provider and model are set$/);
  assert.match(lines[2] ?? '', /^✓ key present +tfy-…-key from profile dev$/);
  assert.match(lines[3] ?? '', /^✓ gateway reachable +http:\/\/127\.0\.0\.1:\d+\/api\/llm answered in 7 ms$/);
  assert.match(lines[4] ?? '', /^✓ key accepted +GET \/models listed \d+ models$/);
  assert.match(lines[5] ?? '', /^✓ provider routing +provider openai-main answered openai-main\/gpt-4o in 7 ms$/);
  assert.equal(result.stderr, '');
  assert.ok(!result.stdout.includes(KEY));

  // What it sent: the model list, then one minimal, unstored response with the provider header.
  assert.deepEqual(gw.requests.map((r) => `${r.method} ${r.path}`), ['GET /api/llm/models', 'POST /api/llm/responses']);
  const routing = gw.requests[1];
  assert.equal(routing?.headers['x-tfy-provider-name'], 'openai-main');
  assert.equal(routing?.headers.authorization, `Bearer ${KEY}`);
  assert.deepEqual(routing?.body, { model: 'openai-main/gpt-4o', input: 'Reply with OK.', max_output_tokens: 16, store: false });

  const json = await cli(['doctor', '--json']);
  assert.equal(json.code, 0);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.ok, true);
  assert.equal(doc.exit_code, 0);
  assert.deepEqual(doc.checks.map((c: JsonCheck) => c.id), ['config', 'profile', 'key', 'reachable', 'key-accepted', 'routing']);
});

test('doctor: a refused key fails "key accepted" with a fix; exit 4; the key is never shown', async (t) => {
  const wrong = 'tfy-wrong-key-0000dead';
  const { cli } = await setup(t, [], wrong);
  const result = await cli(['doctor']);
  assert.equal(result.code, 4);
  assert.match(result.stdout, /\n✓ gateway reachable /);
  assert.match(result.stdout, /\n✗ key accepted +Invalid API key \(HTTP 401\) → fix: set a valid key: tfy-llm config set api-key/);
  assert.match(result.stdout, /\n- provider routing +skipped: the key was refused\n$/);
  assert.ok(!result.stdout.includes(wrong) && !result.stderr.includes(wrong));
});

test('doctor: an unreachable gateway fails with the reason; exit 1', async (t) => {
  const { cli } = await setup(t);
  const port = await closedPort();
  const result = await cli(['doctor', '--json', '--base-url', `http://127.0.0.1:${port}/api/llm`]);
  assert.equal(result.code, 1);
  const doc = JSON.parse(result.stdout);
  assert.equal(doc.ok, false);
  const reach = doc.checks.find((c: JsonCheck) => c.id === 'reachable');
  assert.equal(reach.status, 'fail');
  assert.match(reach.detail, /could not connect to http:\/\/127\.0\.0\.1:\d+\/api\/llm \(ECONNREFUSED\)/);
  assert.ok(reach.fix);
  assert.deepEqual(statuses(result.stdout), { config: 'ok', profile: 'ok', key: 'ok', reachable: 'fail', 'key-accepted': 'skip', routing: 'skip' });
});

test('doctor: provider routing failures name the provider and model; exit by the error', async (t) => {
  const { cli } = await setup(t);
  const forbidden = await cli(['doctor', '--provider', 'forbidden']);
  assert.equal(forbidden.code, 4);
  assert.match(forbidden.stdout, /✗ provider routing +provider forbidden, model forbidden\/gpt-4o: this key is not allowed to use provider forbidden \(HTTP 403\) → fix: /);
  const broken = await cli(['doctor', '--json', '-m', 'openai-main/always-500']);
  assert.equal(broken.code, 1);
  assert.equal(statuses(broken.stdout).routing, 'fail');
  assert.equal(statuses(broken.stdout)['key-accepted'], 'ok');
});

test('doctor: an incomplete profile fails with the commands that complete it; exit 3', async (t) => {
  const { cli } = await setup(t);
  await cli(['config', 'unset', 'model']);
  await cli(['config', 'unset', 'provider']);
  const result = await cli(['doctor']);
  assert.equal(result.code, 3);
  assert.match(result.stdout, /✗ profile complete +profile dev: no provider, no model → fix: tfy-llm config set provider <name>; tfy-llm config set model <model>/);
  assert.match(result.stdout, /✗ provider routing +no model to send a test request with/);
  const noConfig = await runCli(['doctor'], { env: { TFY_LLM_CONFIG_DIR: join(tempDir(t), 'none') } });
  assert.equal(noConfig.code, 3);
  assert.match(noConfig.stdout, /^✓ config file +none at .* \(settings come from flags and the environment\)\n✗ profile complete +no profile \(flags and environment only\): no base-url, no key, no provider, no model/);
});

test('doctor: a config file others can read is a warning with the chmod to run; exit 3', async (t) => {
  const { cli, path } = await setup(t);
  chmodSync(path, 0o644);
  const result = await cli(['doctor']);
  assert.equal(result.code, 3);
  assert.match(result.stdout, new RegExp(`^! config file +${path} is readable by others \\(mode 0644\\) → fix: chmod 600 ${path}\n`));
  // Only the file's privacy failed: the other checks still ran and passed.
  assert.match(result.stdout, /✓ provider routing/);
});

test('doctor: a config file that cannot be parsed fails first, the rest is skipped, the file is untouched', async (t) => {
  const { cli, path } = await setup(t);
  const broken = readFileSync(path, 'utf8').replace('"profiles"', 'profiles');
  writeFileSync(path, broken);
  const result = await cli(['doctor', '--json']);
  assert.equal(result.code, 3);
  const doc = JSON.parse(result.stdout);
  assert.match(doc.checks[0].detail, /the config file .*config\.json is not valid JSON/);
  assert.ok(doc.checks.slice(1).every((c: JsonCheck) => c.status === 'skip'));
  assert.equal(readFileSync(path, 'utf8'), broken);
  assert.ok(!result.stdout.includes(KEY));
});

test('doctor: a failing api-key-command fails "key present" and sends nothing', async (t) => {
  const { cli, gw } = await setup(t);
  await cli(['config', 'set', 'api-key-command', 'echo "op: not signed in" >&2; exit 1']);
  const result = await cli(['doctor']);
  assert.equal(result.code, 3);
  assert.match(result.stdout, /✗ key present +api-key-command failed: op: not signed in → fix: /);
  assert.equal(gw.requests.length, 0);
});

test('doctor --help has examples', async () => {
  const help = await runCli(['doctor', '--help']);
  assert.match(help.stdout, /Examples:\n {2}\$ tfy-llm doctor\n/);
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
