import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from './helpers/run-cli.ts';

/** Loads the generated bash script into a real bash and asks it to complete `words` (the last one is being typed). */
function complete(script: string, dir: string, words: string[], cwd = dir): string[] {
  const file = join(dir, 'tfy-llm.bash');
  writeFileSync(file, script);
  const program = `source ${JSON.stringify(file)}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_tfy_llm; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['-c', program], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return out.split('\n').filter(Boolean);
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
});

test('a shell that is not offered is a usage error', async () => {
  const result = await runCli(['completion', 'tcsh']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: .*'tcsh' is invalid.*bash, zsh, fish/);
  const none = await runCli(['completion']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^error: name a shell: bash, zsh or fish/);
});
