// The fault and bad-input matrix: one row per case, the same promises checked for every row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, type RunResult } from './run-cli.ts';

/** The key every row runs with; the gateway accepts it, and it must never be printed. */
export const SECRET = 'tfy-matrix-secret-key-5f2e9a71';
/** A wrong key, which must not be printed either. */
export const WRONG_KEY = 'tfy-wrong-matrix-key-0c8d1b33';

export interface MatrixCase {
  /** What the row covers, e.g. "429 forever". */
  name: string;
  /** `$GW` and other `$NAME`s are replaced by the places of the run. */
  argv: string[];
  /** Over the default env (`TFY_LLM_BASE_URL=$GW`, `TFY_API_KEY=SECRET`); undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Text piped on stdin; absent means stdin is a terminal. */
  stdin?: string;
  code: number;
  /** The error line after "error: ". */
  message: RegExp;
  /** The hint line after "hint: "; null means there must be none. */
  hint?: RegExp | null;
  /** Requests the gateway must have received (0 for bad input); absent when not the gateway's business. */
  sent?: number;
  /** What stdout may hold (default: nothing). */
  stdout?: RegExp;
}

export interface MatrixPlaces {
  /** Named URLs, e.g. GW, DEAD, ORIGIN. */
  places(): Record<string, string>;
  /** Requests the gateway received since the last clear. */
  sent(): number;
  clear(): void;
}

export function runMatrix(cases: readonly MatrixCase[], where: MatrixPlaces): void {
  for (const row of cases) {
    test(`matrix: ${row.name}`, async () => {
      where.clear();
      const places = where.places();
      const fill = (text: string): string => text.replace(/\$([A-Z_]+)/g, (whole, name: string) => places[name] ?? whole);
      const env: Record<string, string | undefined> = { TFY_LLM_BASE_URL: '$GW', TFY_API_KEY: SECRET, ...row.env };
      for (const [name, value] of Object.entries(env)) env[name] = value === undefined ? undefined : fill(value);
      const result = await runCli(row.argv.map(fill), { env, stdin: row.stdin });
      checkRow(row, result, where.sent());
    });
  }
}

/** The promises of every failure: exit code, one error line, a hint only where known, no stack, no key. */
export function checkRow(row: MatrixCase, result: RunResult, sent: number): void {
  const shown = `stdout: ${JSON.stringify(result.stdout)}\nstderr: ${result.stderr}`;
  assert.equal(result.code, row.code, shown);
  if (row.sent !== undefined) assert.equal(sent, row.sent, `requests sent\n${shown}`);
  if (row.stdout) assert.match(result.stdout, row.stdout, shown);
  else assert.equal(result.stdout, '', shown);
  for (const secret of [SECRET, WRONG_KEY]) {
    assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), `a key leaked\n${shown}`);
  }
  assert.doesNotMatch(result.stderr, /^\s+at /m, `a stack trace\n${shown}`);

  const lines = result.stderr.split('\n').filter((line) => line !== '');
  const [first, ...rest] = lines;
  assert.match(first ?? '', /^error: /, shown);
  assert.match((first ?? '').slice('error: '.length), row.message, shown);
  const hints = rest.filter((line) => line.startsWith('hint: '));
  assert.ok(hints.length <= 1, `more than one hint\n${shown}`);
  if (row.hint === null) assert.equal(hints.length, 0, shown);
  else if (row.hint) assert.match((hints[0] ?? '').slice('hint: '.length), row.hint, shown);

  const json = row.argv.includes('--json');
  const others = rest.filter((line) => !line.startsWith('hint: '));
  assert.equal(others.length, json ? 1 : 0, `unexpected lines on stderr\n${shown}`);
  if (json) checkJsonLine(others[0] ?? '', first ?? '', row.code);
}

/** cli-spec: with --json, also one JSON line on stderr: {"error": {message, type, status, request_id, exit_code}}. */
function checkJsonLine(line: string, errorLine: string, code: number): void {
  const parsed = JSON.parse(line) as { error: Record<string, unknown> };
  assert.deepEqual(Object.keys(parsed), ['error']);
  const { error } = parsed;
  assert.deepEqual(Object.keys(error), ['message', 'type', 'status', 'request_id', 'exit_code']);
  assert.equal(error.exit_code, code);
  assert.equal(typeof error.type, 'string');
  assert.ok(error.status === null || typeof error.status === 'number');
  assert.ok(error.request_id === null || typeof error.request_id === 'string');
  const requestId = error.request_id === null ? '' : ` [request id: ${String(error.request_id)}]`;
  assert.equal(`error: ${String(error.message)}${requestId}`, errorLine);
}
