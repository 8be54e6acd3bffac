// The key itself, fetched only when a request needs it.
import { execFile } from 'node:child_process';
import { ConfigError, oneLine } from './errors.ts';
import type { KeySource } from './settings.ts';

const COMMAND_TIMEOUT_MS = 30_000;

export async function resolveApiKey(source: KeySource): Promise<string> {
  if (source.kind === 'value') return source.key;
  return runKeyCommand(source.command);
}

/** Runs `api-key-command` in a shell; its stdout (trimmed) is the key. Never echoes that stdout. */
function runKeyCommand(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', command], { timeout: COMMAND_TIMEOUT_MS, maxBuffer: 64 * 1024 }, (error, stdout, stderr) => {
      const firstLine = oneLine(String(stderr).split('\n').find((line) => line.trim() !== '') ?? '');
      if (error) {
        const why = error.killed ? `timed out after ${COMMAND_TIMEOUT_MS / 1000}s` : `failed${firstLine ? `: ${firstLine}` : ` (exit ${String(error.code)})`}`;
        reject(new ConfigError(`api-key-command ${why}`, { hint: 'check the command with: tfy-llm config get api-key-command' }));
        return;
      }
      const key = String(stdout).trim();
      if (!key) {
        reject(new ConfigError('api-key-command printed no key', { hint: 'the command must print the key on stdout' }));
        return;
      }
      resolve(key);
    });
  });
}
