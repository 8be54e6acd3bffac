// --help of every command: examples that use it, and run as written; the top-level help; typos; --version.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Command } from 'commander';
import { buildProgram } from '../src/program/program.ts';
import { freshConfig, runExamples, startSandbox } from './helpers/example-sandbox.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { KEY, ROOT, runCli, spawnCli } from './helpers/run-cli.ts';

/** Every command and subcommand, as the words that name it, in the order --help lists them. */
async function commandPaths(): Promise<string[][]> {
  const paths: string[][] = [];
  const walk = (command: Command, path: string[]): void => {
    for (const sub of command.commands) {
      paths.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(await buildProgram(async () => {}), []);
  return paths;
}

const examplesIn = (help: string): string[] => [...help.matchAll(/^ {2}\$ (.+)$/gm)].map((m) => (m[1] ?? '').trimEnd());

/** Help examples that cannot run in a test, each for a reason a reader would accept. */
const NOT_RUN = [
  { pattern: /^tfy-llm config( init)?( prod-eu)?\s*(#.*)?$/, why: 'the guided setup needs a terminal (tested in config-init-pty)' },
  { pattern: /^tfy-llm demo --serve /, why: 'serves until Ctrl-C (tested in demo.test.ts)' },
];

test('every command and config subcommand has --help with examples that use it', async () => {
  const paths = await commandPaths();
  assert.ok(paths.length >= 20, `${paths.length} commands`);
  for (const path of paths) {
    const help = await runCli([...path, '--help']);
    const name = `tfy-llm ${path.join(' ')}`;
    assert.equal(help.code, 0, name);
    assert.match(help.stdout, /\nExamples:\n/, name);
    assert.ok(examplesIn(help.stdout).some((line) => line.includes(name)), `${name} --help shows no example of itself`);
  }
});

test('the top-level help lists every command and how to get started', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  const commands = help.stdout.slice(help.stdout.indexOf('\nCommands:\n'), help.stdout.indexOf('\nGetting started:\n'));
  for (const command of (await buildProgram(async () => {})).commands) {
    assert.match(commands, new RegExp(`^ {2}${command.name()} `, 'm'), command.name());
  }
  const start = examplesIn(help.stdout.slice(help.stdout.indexOf('\nGetting started:\n'), help.stdout.indexOf('\nExamples:\n')));
  assert.deepEqual(start.map((line) => line.split(/\s+/).slice(0, 3).join(' ')), ['tfy-llm demo #', 'tfy-llm config init', 'tfy-llm create "hello"', 'tfy-llm doctor #']);
  // `help` itself is how commander offers the pages; `tfy-llm help create` is create --help.
  const viaHelp = await runCli(['help', 'create']);
  assert.equal(viaHelp.stdout, (await runCli(['create', '--help'])).stdout);
});

test('a mistyped command or option: one error line, the suggestion as the hint, exit 2, nothing sent', async (t) => {
  const gw = await withGateway(t);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_MODEL: 'my-openai/gpt-4o' };
  const cases: [string[], string][] = [
    [['retreive', 'last'], "error: unknown command 'retreive'\nhint: did you mean retrieve? (see tfy-llm --help)\n"],
    [['histroy'], "error: unknown command 'histroy'\nhint: did you mean history? (see tfy-llm --help)\n"],
    [['config', 'ad', 'x'], "error: unknown command 'ad'\nhint: did you mean add? (see tfy-llm config --help)\n"],
    [['config', 'frobnicate'], "error: unknown command 'frobnicate'\nhint: see tfy-llm config --help\n"],
    [['create', 'hi', '--modle', 'x'], "error: unknown option '--modle'\nhint: did you mean --model? (see tfy-llm create --help)\n"],
    [['frobnicate'], "error: unknown command 'frobnicate'\nhint: see tfy-llm --help\n"],
  ];
  for (const [argv, stderr] of cases) {
    const result = await runCli(argv, { env });
    assert.deepEqual(result, { code: 2, stdout: '', stderr }, argv.join(' '));
  }
  // The same from the built binary, as a user types it.
  const built = await spawnCli(['retreive', 'last'], { env });
  assert.deepEqual(built, { code: 2, stdout: '', stderr: cases[0]?.[1] });
  assert.equal(gw.requests.length, 0);
});

test('--version and -V print the package version', async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const result = await spawnCli([flag]);
    assert.deepEqual(result, { code: 0, stdout: `${version}\n`, stderr: '' });
  }
});

test('every example in every --help runs as written against the demo gateway', async (t) => {
  const sandbox = await startSandbox(t);
  // One config for all pages, read in order, as a reader trying them one after the other would have.
  const env = freshConfig(sandbox);
  const skipped = new Set<string>();
  for (const path of [[], ...(await commandPaths())]) {
    const help = await runCli([...path, '--help']);
    const examples = examplesIn(help.stdout).filter((line) => {
      const reason = NOT_RUN.find((n) => n.pattern.test(line));
      if (reason) skipped.add(line);
      return !reason;
    });
    if (examples.length === 0) continue;
    const runs = await runExamples(sandbox, examples, env);
    examples.forEach((example, i) => {
      const run = runs[i];
      assert.equal(run?.code, 0, `${['tfy-llm', ...path, '--help'].join(' ')}: ${example}\n${run?.output}`);
    });
  }
  // The skip list names only examples that exist, and stays short.
  assert.deepEqual([...skipped].sort(), [
    'tfy-llm config                      # guided setup on a terminal (same as config init)',
    'tfy-llm config init                 # asks for the gateway URL, the key (masked), provider and model, then tests them',
    'tfy-llm config init          # connect your gateway: URL, API key, provider, model (asks on a terminal)',
    'tfy-llm config init prod-eu         # the same, for a profile named prod-eu',
    'tfy-llm demo --serve --port 4321      # keeps it up; in another shell:',
  ]);
});
