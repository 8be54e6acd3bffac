// What create records, how --previous/--continue/last read it back, and `tfy-llm history`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Profile, ProfileReader } from '../src/config/settings.ts';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, spawnCli, tempDir } from './helpers/run-cli.ts';

type Json = Record<string, any>;

function setup(t: TestContext, gw: FakeGateway, extra: Record<string, string> = {}) {
  const dir = tempDir(t);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: dir, ...extra };
  const cli = (argv: string[], options: { env?: Record<string, string>; profiles?: ProfileReader; stdoutTTY?: boolean } = {}) =>
    runCli(argv, { env: { ...env, ...options.env }, stdoutTTY: options.stdoutTTY ?? false, extraDeps: { profiles: options.profiles } });
  return { cli, env, file: join(dir, 'history.jsonl') };
}

const history = async (cli: ReturnType<typeof setup>['cli'], ...argv: string[]) => JSON.parse((await cli(['history', '--json', ...argv])).stdout) as Json[];

function store(profiles: Record<string, Profile>, active: string, global: Record<string, string> = {}): ProfileReader {
  return { activeName: () => active, read: (name) => profiles[name], globalSetting: (name) => global[name] };
}

test('create records id, time, profile, base URL, provider, model, status and a prompt preview; never the key', async (t) => {
  const gw = await withGateway(t);
  const { cli, file } = setup(t, gw);
  const prompt = `summarise this: ${KEY} ${'and more words '.repeat(20)}`;
  const created = await cli(['create', prompt, '-m', 'prov-x/gpt-4o', '--json']);
  assert.equal(created.code, 0, created.stderr);
  const { id } = JSON.parse(created.stdout) as Json;

  const [entry, ...rest] = await history(cli);
  assert.deepEqual(rest, []);
  assert.deepEqual({ ...entry, time: 'T', duration_ms: 'D' }, {
    id, time: 'T', profile: null, base_url: gw.url, provider: 'prov-x', model: 'prov-x/gpt-4o', status: 'completed', stored: true,
    prompt: entry?.prompt,
    requested_model: 'prov-x/gpt-4o',
    resolved_model: 'prov-x/gpt-4o-2024-08-06',
    usage: JSON.parse(created.stdout).usage && { input: JSON.parse(created.stdout).usage.input_tokens, output: JSON.parse(created.stdout).usage.output_tokens },
    duration_ms: 'D',
    answer: entry?.answer,
  });
  assert.ok(Number.isInteger(entry?.duration_ms) && entry?.duration_ms >= 0);
  assert.equal(typeof entry?.answer, 'string');
  assert.ok(Math.abs(Date.parse(entry?.time) - Date.now()) < 60_000);
  assert.match(entry?.prompt, /^summarise this: tfy-…-key and more words/);
  assert.ok(entry?.prompt.length <= 80);
  assert.ok(!readFileSync(file, 'utf8').includes(KEY), 'the key is never written');
});

test('--continue and --previous last follow the newest response of this profile; --previous <id> reads no history', async (t) => {
  const gw = await withGateway(t);
  const { cli, file } = setup(t, gw);
  const profiles = store({ a: { provider: 'p' }, b: { provider: 'p' } }, 'a');
  const asA = { profiles };
  const asB = { profiles, env: { TFY_LLM_PROFILE: 'b' } };
  const idOf = async (argv: string[], options: typeof asA) => (JSON.parse((await cli(['create', ...argv, '--json'], options)).stdout) as Json).id as string;
  const a1 = await idOf(['first of a', '-m', 'm'], asA);
  const b1 = await idOf(['first of b', '-m', 'm'], asB);

  gw.clear();
  const a2 = await idOf(['more, a', '-m', 'm', '--continue'], asA);
  assert.equal((gw.requests[0]?.body as Json).previous_response_id, a1, 'profile b made something newer, but a continues a');
  const b2 = await idOf(['more, b', '-m', 'm', '--previous', 'last'], asB);
  assert.equal((gw.requests[1]?.body as Json).previous_response_id, b1);

  // `last` for retrieve is per profile too.
  gw.clear();
  await cli(['retrieve', 'last'], asA);
  assert.equal(gw.requests[0]?.path, `/api/llm/responses/${a2}`);
  await cli(['retrieve', 'last'], asB);
  assert.equal(gw.requests[1]?.path, `/api/llm/responses/${b2}`);

  // An explicit id is passed as given, even when the history is unreadable garbage.
  writeFileSync(file, 'garbage\n'.repeat(10));
  gw.clear();
  const explicit = await cli(['create', 'x', '-m', 'p/m', '--previous', b2, '--json'], asA);
  assert.equal(explicit.code, 0, explicit.stderr);
  assert.equal((gw.requests[0]?.body as Json).previous_response_id, b2);
  assert.equal(explicit.stderr, '', 'a plain create never reads the history, so it never sees the garbage');
});

test('a corrupt line is skipped with one warning; the command still works', async (t) => {
  const gw = await withGateway(t);
  const { cli, file } = setup(t, gw);
  const first = await cli(['create', 'one', '-m', 'p/m']);
  assert.equal(first.code, 0);
  writeFileSync(file, '{"v":1,"event":"create","id":"resp_to\n%%% not json\n', { flag: 'a' });
  await cli(['create', 'two', '-m', 'p/m']);

  const listed = await cli(['history']);
  assert.equal(listed.code, 0);
  assert.equal(listed.stdout.trim().split('\n').length, 2);
  assert.equal(listed.stderr, `warning: skipped an unreadable line in ${file}\n`);
  const continued = await cli(['create', 'three', '-m', 'p/m', '--continue']);
  assert.equal(continued.code, 0, continued.stderr);
});

test('history: newest first, aligned columns with whole ids, -n, --profile, and clear', async (t) => {
  const gw = await withGateway(t);
  const { cli, file } = setup(t, gw);
  const profiles = store({ dev: { provider: 'dev-p' }, prod: { provider: 'prod-p' } }, 'dev');
  await cli(['create', 'oldest', '-m', 'gpt-4o'], { profiles });
  await cli(['create', 'middle', '-m', 'gpt-4o'], { profiles, env: { TFY_LLM_PROFILE: 'prod' } });
  await cli(['create', 'newest', '-m', 'other/long-model-name'], { profiles });
  const ids = [...gw.responses('other').keys(), ...gw.responses('prod-p').keys(), ...gw.responses('dev-p').keys()];

  const piped = await cli(['history']);
  const rows = piped.stdout.trimEnd().split('\n');
  assert.deepEqual(rows.map((row) => row.split(/\s+/)[0]), ids, 'ids in full, newest first, no header in a pipe');
  assert.equal(new Set(rows.map((row) => row.indexOf('completed'))).size, 1, 'the columns line up');
  assert.match(rows[0] ?? '', /^resp_\w+ {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}dev {3}other {3}other\/long-model-name {2}completed {2}\d+\/\d+ +newest$/);

  const tty = await cli(['history', '-n', '2'], { stdoutTTY: true, env: { NO_COLOR: '1' } });
  assert.match(tty.stdout, /^ID +TIME +PROFILE +PROVIDER +MODEL +STATUS +TOKENS +PROMPT\n/);
  assert.equal(tty.stdout.trimEnd().split('\n').length, 3);
  assert.deepEqual((await history(cli, '--profile', 'prod')).map((e) => e.prompt), ['middle']);
  assert.deepEqual((await history(cli, '-n', '1')).map((e) => e.prompt), ['newest']);

  const cleared = await cli(['history', 'clear']);
  assert.equal(cleared.code, 0);
  assert.equal(readFileSync(file, 'utf8'), '');
  const empty = await cli(['history']);
  assert.equal(empty.stdout, '');
  assert.match(empty.stderr, /no responses in the history yet/);
  assert.deepEqual(await history(cli), []);
  assert.equal((await cli(['history', 'wipe'])).code, 2);
});

test('recording off (TFY_LLM_HISTORY=off or the global setting): nothing is written and "last" says why', async (t) => {
  const gw = await withGateway(t);
  const { cli } = setup(t, gw);
  await cli(['create', 'hi', '-m', 'p/m'], { env: { TFY_LLM_HISTORY: 'off' } });
  await cli(['create', 'hi', '-m', 'p/m'], { profiles: store({ a: {} }, 'a', { history: 'off' }) });
  assert.deepEqual(await history(cli), []);
  const last = await cli(['retrieve', 'last'], { env: { TFY_LLM_HISTORY: 'off' } });
  assert.equal(last.code, 2);
  assert.match(last.stderr, /"last" needs the history, and it is off/);
});

test('10 concurrent creates leave 10 history entries: in-process and as 10 separate processes', async (t) => {
  const gw = await withGateway(t);
  const { cli, env, file } = setup(t, gw);
  const inProcess = await Promise.all(Array.from({ length: 10 }, (_, i) => cli(['create', `in-process ${i}`, '-m', 'p/m'])));
  assert.deepEqual(inProcess.map((r) => r.code), Array(10).fill(0));
  const spawned = await Promise.all(Array.from({ length: 10 }, (_, i) => spawnCli(['create', `spawned ${i}`, '-m', 'p/m'], { env })));
  assert.deepEqual(spawned.map((r) => r.code), Array(10).fill(0), spawned.map((r) => r.stderr).join(''));

  const entries = await history(cli, '-n', '100');
  assert.equal(entries.length, 20);
  assert.deepEqual(new Set(entries.map((e) => e.id)), new Set(gw.responses('p').keys()));
  const prompts = entries.map((e) => e.prompt).sort();
  assert.deepEqual(prompts, [...Array.from({ length: 10 }, (_, i) => `in-process ${i}`), ...Array.from({ length: 10 }, (_, i) => `spawned ${i}`)].sort());
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  assert.equal(lines.length, 20);
  for (const line of lines) JSON.parse(line);
});
