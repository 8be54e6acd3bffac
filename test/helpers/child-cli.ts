// The built binary as a live child process: in pipes, or in a real pseudo-terminal through
// `script -qec`, so tests can watch output arrive and send signals or keystrokes mid-run.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './run-cli.ts';

export interface LiveChild {
  child: ChildProcess;
  /** Everything written so far (in a terminal: stdout and stderr together, as the screen got them). */
  stdout(): string;
  stderr(): string;
  /** Resolves with stdout once it satisfies `ready`; rejects if the child exits first. */
  waitForStdout(ready: (text: string) => boolean): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** The command line that runs the built CLI with this test's Node. */
export const cliCommand = (argv: string[]): string => [process.execPath, BIN, ...argv].map(quote).join(' ');

function watch(child: ChildProcess): LiveChild {
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const waiter of [...waiters]) waiter();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout: (ready) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!ready(out)) return;
          waiters.splice(waiters.indexOf(check), 1);
          resolve(out);
        };
        waiters.push(check);
        check();
        void exited.then(() => reject(new Error(`the child exited before its output was ready:\n${out}\n${err}`)));
      }),
  };
}

/** The CLI with stdout and stderr as pipes and a clean environment. */
export function startCli(argv: string[], env: Record<string, string>): LiveChild {
  return watch(spawn(process.execPath, [BIN, ...argv], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
}

/**
 * `shellCommand` in a real pseudo-terminal 80×24 (or of no size: 0×0); stdin is the terminal's
 * keyboard (write '\x03' for Ctrl-C). The exit code is the command's.
 */
export function startInTerminal(shellCommand: string, env: Record<string, string>, sized = true): LiveChild {
  const command = sized ? `stty cols 80 rows 24; ${shellCommand}` : shellCommand;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return watch(child);
}
