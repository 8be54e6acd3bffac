import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { quote } from './helpers/child-cli.ts';
import { BIN, runCli, tempDir } from './helpers/run-cli.ts';

/** Loads the generated bash script into a real bash and asks it to complete `words` (the last one is being typed). */
function complete(script: string, dir: string, words: string[], cwd = dir, env: Record<string, string> = {}): string[] {
  const file = join(dir, 'tfy-llm.bash');
  writeFileSync(file, script);
  const program = `source ${JSON.stringify(file)}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_tfy_llm; printf '%s\\n' "\${COMPREPLY[@]}"`;
  // stdin is /dev/null: on a socket (node's pipes) bash would think sshd started it and read ~/.bashrc.
  const out = execFileSync('bash', ['-c', program], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter(Boolean);
}

/** A `tfy-llm` on PATH, as after `npm install -g`: the built binary, run by the Node running the tests. */
function tfyLlmOnPath(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'tfy-llm'), `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(BIN)} "$@"\n`);
  chmodSync(join(bin, 'tfy-llm'), 0o755);
  return `${bin}:${process.env.PATH}`;
}

test('bash completion offers commands, flags, choices and file paths, read off the program itself', async (t) => {
  const dir = tempDir(t);
  const result = await runCli(['completion', 'bash']);
  assert.equal(result.code, 0, result.stderr);
  const script = result.stdout;

  assert.deepEqual(complete(script, dir, ['tfy-llm', 'cr']), ['create']);
  assert.ok(complete(script, dir, ['tfy-llm', '']).includes('completion'));
  const createFlags = complete(script, dir, ['tfy-llm', 'create', '--mo']);
  assert.deepEqual(createFlags, ['--model']);
  // A flag's value is skipped when finding the command path: `-m x` does not end the command.
  assert.deepEqual(complete(script, dir, ['tfy-llm', 'create', '-m', 'p/x', '--js']), ['--json']);
  assert.deepEqual(complete(script, dir, ['tfy-llm', 'completion', 'f']), ['fish']);
});

test('bash completion: file paths for --image and --file, the choices of --image-detail and --reasoning-effort', async (t) => {
  const dir = tempDir(t);
  const work = join(dir, 'work');
  mkdirSync(join(work, 'shots'), { recursive: true });
  for (const name of ['shot.png', 'contract.pdf', 'notes.md']) writeFileSync(join(work, name), '');
  const script = (await runCli(['completion', 'bash'])).stdout;
  const sorted = (words: string[]) => complete(script, dir, words, work).sort();

  assert.deepEqual(sorted(['tfy-llm', 'create', 'describe this', '-i', 'sh']), ['shot.png', 'shots']);
  assert.deepEqual(sorted(['tfy-llm', 'create', '--image', '']), ['contract.pdf', 'notes.md', 'shot.png', 'shots']);
  assert.deepEqual(sorted(['tfy-llm', 'create', '-f', 'con']), ['contract.pdf']);
  assert.deepEqual(sorted(['tfy-llm', 'create', '--file', 'shots/']), []);
  writeFileSync(join(work, 'shots', 'a.png'), '');
  assert.deepEqual(sorted(['tfy-llm', 'create', '--file', 'shots/']), ['shots/a.png']);
  // A flag that takes words, not files, offers nothing rather than the folder's files.
  assert.deepEqual(sorted(['tfy-llm', 'create', '-m', '']), []);

  assert.deepEqual(sorted(['tfy-llm', 'create', '--image-detail', '']), ['auto', 'high', 'low']);
  assert.deepEqual(sorted(['tfy-llm', 'create', '--reasoning-effort', 'm']), ['max', 'medium', 'minimal']);
  assert.deepEqual(sorted(['tfy-llm', 'create', '--reasoning-effort', '']), ['high', 'low', 'max', 'medium', 'minimal', 'none', 'xhigh']);
});

test('bash completion: profile names are read from the config at completion time, through tfy-llm on PATH', async (t) => {
  const dir = tempDir(t);
  const configDir = join(dir, 'cfg');
  const add = async (name: string) => {
    const argv = ['config', 'add', name, '--base-url', 'http://127.0.0.1:9/api/llm', '--api-key-stdin'];
    const result = await runCli(argv, { stdin: 'tfy-test-key-0000', env: { TFY_LLM_CONFIG_DIR: configDir } });
    assert.equal(result.code, 0, result.stderr);
  };
  await add('dev');
  await add('prod');
  const script = (await runCli(['completion', 'bash'])).stdout;
  const env = { PATH: tfyLlmOnPath(dir), TFY_LLM_CONFIG_DIR: configDir };
  const sorted = (words: string[]) => complete(script, dir, words, dir, env).sort();

  assert.deepEqual(sorted(['tfy-llm', 'create', 'hi', '-p', '']), ['dev', 'prod']);
  assert.deepEqual(sorted(['tfy-llm', 'create', '--profile', 'p']), ['prod']);
  assert.deepEqual(sorted(['tfy-llm', 'history', '-p', 'd']), ['dev']);
  assert.deepEqual(sorted(['tfy-llm', 'config', 'set', '-p', '']), ['dev', 'prod']);
  // Commands whose argument is an existing profile.
  assert.deepEqual(sorted(['tfy-llm', 'config', 'use', 'p']), ['prod']);
  assert.deepEqual(sorted(['tfy-llm', 'config', 'remove', '']).filter((w) => !w.startsWith('-')), ['dev', 'prod']);

  // Not baked into the script: a profile added later is offered by the same script.
  await add('staging');
  assert.deepEqual(sorted(['tfy-llm', 'create', '-p', '']), ['dev', 'prod', 'staging']);

  // A config that cannot be read completes nothing and prints nothing into the user's prompt.
  writeFileSync(join(configDir, 'config.json'), '{ not json');
  const program = `source <(${quote(process.execPath)} ${quote(BIN)} completion bash)
COMP_WORDS=(tfy-llm create -p ''); COMP_CWORD=3; _tfy_llm; printf '[%s]' "\${COMPREPLY[@]}"`;
  const broken = execFileSync('bash', ['-c', program], { cwd: dir, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(broken, '[]');
});

test('zsh and fish scripts are generated from the same commands', async () => {
  const zsh = await runCli(['completion', 'zsh']);
  assert.equal(zsh.code, 0);
  assert.match(zsh.stdout, /^#compdef tfy-llm\n/);
  assert.match(zsh.stdout, /bashcompinit/);
  assert.match(zsh.stdout, /complete -o default -F _tfy_llm tfy-llm/);
  const fish = await runCli(['completion', 'fish']);
  assert.equal(fish.code, 0);
  assert.match(fish.stdout, /complete -c tfy-llm -n '__fish_use_subcommand' -a 'create' -d 'create a response from a prompt'/);
  assert.match(fish.stdout, /complete -c tfy-llm -n '__fish_seen_subcommand_from create' -s m -l model -x/);
  // Files for -i, choices, and profile names asked for at completion time.
  assert.match(fish.stdout, /complete -c tfy-llm -n '__fish_seen_subcommand_from create' -s i -l image -r -F /);
  assert.match(fish.stdout, /-l image-detail -x -a 'low high auto'/);
  assert.match(fish.stdout, /-s p -l profile -x -a '\(tfy-llm completion --list-profiles 2>\/dev\/null\)'/);
  assert.match(fish.stdout, /-n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from use' -a '\(tfy-llm completion --list-profiles/);
});

test('a shell that is not offered is a usage error', async () => {
  const result = await runCli(['completion', 'tcsh']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: .*'tcsh' is invalid.*bash, zsh, fish/);
  const none = await runCli(['completion']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^error: name a shell: bash, zsh or fish/);
});
