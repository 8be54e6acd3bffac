// Real shells completing a command line with a generated script: bash (the function called as bash
// would), zsh (an interactive zsh on a pseudo-terminal, zsh/zpty, pressing TAB), fish (`complete -C`).
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quote } from './child-cli.ts';
import { BIN } from './run-cli.ts';

// Asynchronous: a fake gateway in this process must go on answering while a shell waits on it.
const run = promisify(execFile);

/** Why a shell's tests are skipped (its binary is not installed), or false when it is there. */
export function missingShell(shell: string): string | false {
  const found = spawnSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' }).status === 0;
  return found ? false : `${shell} is not installed (apt-get install -y ${shell}; .ci/run installs it)`;
}

/** A `tfy-llm` on PATH, as after `npm install -g`: the built binary, run by the Node running the tests. */
export function tfyLlmOnPath(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'tfy-llm'), `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(BIN)} "$@"\n`);
  chmodSync(join(bin, 'tfy-llm'), 0o755);
  return `${bin}:${process.env.PATH}`;
}

/** The environment of a child shell: only what the test gives, a home of its own. */
function shellEnv(dir: string, env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_DATA_HOME: join(dir, 'xdg-data'), TERM: 'xterm', ...env };
}

/** Loads the bash script into a real bash and asks it to complete `words` (the last one is being typed). */
export async function bashComplete(script: string, dir: string, words: string[], env: Record<string, string> = {}, cwd = dir): Promise<string[]> {
  const file = join(dir, 'tfy-llm.bash');
  writeFileSync(file, script);
  const program = `source ${quote(file)}
COMP_WORDS=(${words.map(quote).join(' ')}); COMP_CWORD=${words.length - 1}
_tfy_llm; printf '%s\\n' "\${COMPREPLY[@]}"`;
  // stdin is /dev/null: on a socket (node's pipes) bash would think sshd started it and read ~/.bashrc.
  const { stdout: out } = await run('bash', ['-c', program], { cwd, encoding: 'utf8', env: shellEnv(dir, env), timeout: 30_000 });
  return out.split('\n').filter(Boolean);
}

/**
 * A new interactive zsh (no rc files) with the script installed in $fpath as `_tfy-llm` and compinit
 * run, as the README says; `line` is typed and TAB pressed once. Returns every match zsh was offered
 * (caught by wrapping compadd), so the first TAB of a new shell is what is tested.
 */
export async function zshComplete(script: string, dir: string, line: string, env: Record<string, string> = {}): Promise<string[]> {
  const functions = join(dir, 'zfunc');
  mkdirSync(functions, { recursive: true });
  writeFileSync(join(functions, '_tfy-llm'), script);
  const out = join(dir, 'zsh-matches.txt');
  rmSync(out, { force: true });
  const driver = join(dir, 'drive.zsh');
  writeFileSync(driver, `zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='> '; fpath=(${functions} \\$fpath); autoload -U compinit && compinit -u -D"
zpty -w z 'compadd() { local -a __m; builtin compadd -O __m "$@"; (( $#__m )) && print -rl -- $__m >> ${out}; builtin compadd "$@"; }'
zpty -w z "print RE''ADY"
zpty -r z ignored '*READY*'
zpty -n -w z ${quote(line)}$'\\t'
sleep 0.2
# Ctrl-U clears the line; the next command's output says the completion is over.
zpty -n -w z $'\\x15'"print DO''NE"$'\\n'
zpty -r z ignored '*DONE*'
zpty -d z
`);
  await run('zsh', ['-f', driver], { cwd: dir, env: shellEnv(dir, env), timeout: 30_000 });
  return existsSync(out) ? [...new Set(readFileSync(out, 'utf8').split('\n').filter(Boolean))] : [];
}

/** fish's own `complete -C`: what it would offer for `line`, the description after a tab dropped. */
export async function fishComplete(script: string, dir: string, line: string, env: Record<string, string> = {}): Promise<string[]> {
  const file = join(dir, 'tfy-llm.fish');
  writeFileSync(file, script);
  const { stdout: out } = await run('fish', ['--no-config', '-c', `source ${quote(file)}; complete -C ${quote(line)}`], {
    cwd: dir,
    encoding: 'utf8',
    env: shellEnv(dir, env),
    timeout: 30_000,
  });
  return out.split('\n').filter(Boolean).map((match) => match.split('\t')[0] ?? '');
}
