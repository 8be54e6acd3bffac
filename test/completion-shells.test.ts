// Completion in real bash, zsh and fish: profile names, recent ids and `last`, setting names, aliases,
// and models after -m from the cached list (a request only when there is none, bounded to about 1 s).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { runCli, tempDir, KEY } from './helpers/run-cli.ts';
import { bashComplete, fishComplete, missingShell, tfyLlmOnPath, zshComplete } from './helpers/shells.ts';

type Complete = (script: string, dir: string, line: string, env: Record<string, string>) => Promise<string[]>;

const SHELLS: Record<string, Complete> = {
  bash: (script, dir, line, env) => {
    const words = line.split(' ');
    return bashComplete(script, dir, words.length > 1 ? words : [...words, ''], env);
  },
  zsh: zshComplete,
  fish: fishComplete,
};

/** A config with two profiles pointing at a live gateway, two responses in the history, and a shell env. */
async function setUp(t: TestContext) {
  const gateway = await withGateway(t);
  const dir = tempDir(t);
  const configDir = join(dir, 'cfg');
  const env = { TFY_LLM_CONFIG_DIR: configDir };
  for (const name of ['dev', 'prod']) {
    const add = await runCli(['config', 'add', name, '--base-url', gateway.url, '--api-key-stdin', '--provider', 'my-openai'], { stdin: KEY, env });
    assert.equal(add.code, 0, add.stderr);
  }
  const ids: string[] = [];
  for (const prompt of ['one', 'two']) {
    const created = await runCli(['create', prompt, '-m', 'my-openai/gpt-4o', '--json', '-p', 'dev'], { env });
    assert.equal(created.code, 0, created.stderr);
    ids.push((JSON.parse(created.stdout) as { id: string }).id);
  }
  return { gateway, dir, configDir, ids, env: { ...env, PATH: tfyLlmOnPath(dir) } };
}

for (const [shell, complete] of Object.entries(SHELLS)) {
  test(`${shell}: profiles, ids and last, setting names, aliases and models complete in a real ${shell}`, { skip: missingShell(shell) }, async (t) => {
    const { gateway, dir, configDir, ids, env } = await setUp(t);
    const script = (await runCli(['completion', shell])).stdout;
    const words = async (line: string) => (await complete(script, dir, line, env)).filter((w) => !w.startsWith('-')).sort();

    // The first TAB of a new shell completes (zsh: the script autoloaded from $fpath answers it too).
    assert.deepEqual(await words('tfy-llm cr'), ['create']);
    // Profile names: zsh's `local path` once emptied $PATH inside the function, so tfy-llm was never found.
    assert.deepEqual(await words('tfy-llm create hi -p '), ['dev', 'prod']);
    assert.deepEqual(await words('tfy-llm config use p'), ['prod']);
    // An alias completes like its command.
    assert.deepEqual(await words('tfy-llm config rm d'), ['dev']);
    assert.deepEqual(await words('tfy-llm config ls --j'), []);
    assert.ok((await complete(script, dir, 'tfy-llm config ls --j', env)).includes('--json'));
    // Setting names after config set/get/unset.
    assert.deepEqual(await words('tfy-llm config set '), ['api-key', 'api-key-command', 'base-url', 'headers', 'history', 'model', 'provider']);
    assert.deepEqual(await words('tfy-llm config unset mo'), ['model']);
    // `last` and the recent ids, from the local history.
    assert.deepEqual(await words('tfy-llm retrieve '), ['last', ...ids].sort());
    assert.deepEqual(await words('tfy-llm delete last '), ['last', ...ids].sort());
    assert.deepEqual(await words('tfy-llm input-items l'), ['last']);

    // Models after -m: the cache is empty, so one bounded request fills it...
    const cache = join(configDir, 'state', 'models-dev.json');
    assert.equal(existsSync(cache), false);
    assert.deepEqual(await words('tfy-llm create hi -p dev -m my-openai/gpt-4o'), ['my-openai/gpt-4o', 'my-openai/gpt-4o-mini']);
    assert.equal(existsSync(cache), true);
    // ...and every later TAB reads it: with the gateway gone, the names still complete, with no request.
    gateway.clear();
    await gateway.close();
    assert.deepEqual(await words('tfy-llm create hi -p dev --model my-anthropic/'), ['my-anthropic/claude-3-5-haiku', 'my-anthropic/claude-sonnet-4']);
    assert.equal(gateway.requests.length, 0);
    // A profile with no cache and no gateway: nothing offered, nothing printed into the prompt.
    assert.deepEqual(await words('tfy-llm create hi -p prod -m my'), []);
  });
}
