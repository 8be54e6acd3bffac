// The key itself, fetched only when a request needs it.
import { ConfigError, oneLine } from '../errors/errors.ts';
import { maskKey, scrub } from '../terminal/redact.ts';
import { configTrustProblem } from './trust.ts';
import type { KeySource } from './settings.ts';

export const KEY_COMMAND_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024;
const HINT = 'check the command with: tfy-llm config get api-key-command (it must print the key on stdout)';

export interface KeyOptions {
  timeoutMs?: number | undefined;
  /** The user the config file must belong to (trust.ts); tests pass another. */
  uid?: number | undefined;
}

export async function resolveApiKey(source: KeySource, options: KeyOptions = {}): Promise<string> {
  if (source.file) {
    const untrusted = configTrustProblem(source.file, 'uid' in options ? options.uid : process.getuid?.());
    if (untrusted) {
      const what = source.kind === 'command' ? 'run its api-key-command' : 'read the API key from it';
      throw new ConfigError(`${untrusted.problem}: tfy-llm will not ${what}`, {
        hint: `make it yours alone: ${untrusted.fix} (as ssh requires of ~/.ssh)`,
      });
    }
  }
  if (source.kind === 'value') return checkedKey(source.key, source.origin);
  // child_process (with net, dgram…) loads only for a key that comes from a command.
  const { spawn } = await import('node:child_process');
  return runKeyCommand(spawn, source.command, options.timeoutMs ?? KEY_COMMAND_TIMEOUT_MS);
}

/**
 * A key goes into a header as it is: a line break (a key file with Windows line endings read with
 * `$(cat keyfile)`), a space or a control character would make an invalid header, and the error
 * about it would quote the key. Refused here, the key masked.
 */
function checkedKey(key: string, origin: string | undefined): string {
  if (/^[\x21-\x7e]+$/.test(key)) return key;
  const from = origin ? ` from ${origin}` : '';
  const shown = maskKey(key.replace(/[^\x21-\x7e]/g, ''));
  const what = /[\r\n]/.test(key)
    ? /\r/.test(key) ? 'a line break (a carriage return: a file with Windows line endings?)' : 'a line break'
    : /[\x00-\x1f\x7f]/.test(key) ? 'a control character' : /\s/.test(key) ? 'a space' : 'a character that cannot go in a header';
  const fix = origin === 'TFY_API_KEY' ? `export TFY_API_KEY="$(tr -d '\\r\\n' < keyfile)"` : 'tfy-llm config set api-key';
  throw new ConfigError(`the API key${from} (${shown}) has ${what}, so it cannot be sent`, {
    hint: `a key is one line of visible characters; set it again without the extra characters: ${fix}`,
  });
}

/**
 * Runs `api-key-command` in a shell; the first line of its stdout is the key (as `pass` prints it).
 * Its stdin is closed, so it cannot eat a prompt piped into tfy-llm; its stdout is never echoed.
 */
function runKeyCommand(spawn: typeof import('node:child_process').spawn, command: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (error: ConfigError | undefined, key?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(key ?? '');
    };
    const stop = (error: ConfigError) => {
      // A grandchild can hold the pipes open after the shell is killed: stop listening, do not wait for it.
      child.kill('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      finish(error);
    };
    const timer = setTimeout(() => stop(new ConfigError(`api-key-command timed out after ${timeoutMs / 1000}s`, { hint: HINT })), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.length > MAX_OUTPUT) stop(new ConfigError('api-key-command printed too much to be a key', { hint: HINT }));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk;
    });
    child.on('error', (err) => finish(new ConfigError(`api-key-command could not be started (${(err as NodeJS.ErrnoException).code ?? err.message})`, { hint: HINT })));
    child.on('close', (code, signal) => {
      const key = (stdout.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
      if (code !== 0) {
        // Its own words, first line only; and should it have printed the key before failing, not that.
        const firstLine = scrub(oneLine(stderr.split('\n').find((line) => line.trim() !== '') ?? ''), key ? [key] : []);
        const why = firstLine ? `: ${firstLine}` : ` (${signal ? `killed by ${signal}` : `exit ${String(code)}`})`;
        finish(new ConfigError(`api-key-command failed${why}`, { hint: HINT }));
      } else if (!key) {
        finish(new ConfigError('api-key-command printed no key', { hint: HINT }));
      } else if (!/^[\x21-\x7e]+$/.test(key)) {
        finish(new ConfigError('api-key-command printed a line with spaces or control characters, not a key', { hint: HINT }));
      } else {
        finish(undefined, key);
      }
    });
  });
}
