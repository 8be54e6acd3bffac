// Drives the CLI two ways: in-process through run(argv, deps) with fake streams, and as the built binary.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { run } from '../../src/main.ts';
import type { CommandDeps } from '../../src/spec/deps.ts';
import type { Env, OutStream } from '../../src/terminal/io.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'tfy-llm.js');
export const KEY = 'tfy-demo-key';
/** A config folder that does not exist, so no test reads the config of the person running it. */
export const NO_CONFIG_DIR = join(tmpdir(), `tfy-llm-no-config-${process.pid}`);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Text piped on stdin; undefined means stdin is a terminal. */
  stdin?: string | undefined;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  now?: () => number;
  signal?: AbortSignal;
  extraDeps?: Partial<CommandDeps>;
}

export class CaptureStream implements OutStream {
  text = '';
  isTTY: boolean;
  columns = 80;
  constructor(isTTY = false) {
    this.isTTY = isTTY;
  }
  write(chunk: string | Uint8Array): boolean {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }
}

function stdinOf(text: string | undefined): CommandDeps['io']['stdin'] {
  if (text === undefined) return { isTTY: true, async *[Symbol.asyncIterator]() {} };
  return {
    isTTY: false,
    async *[Symbol.asyncIterator]() {
      if (text) yield Buffer.from(text);
    },
  };
}

let scratch: string | undefined;
/**
 * A config folder for tests that do not choose one, so nothing (the history, a config file) is ever
 * written under the real home. One per test process, removed when it exits.
 */
export function scratchConfigDir(): string {
  if (scratch === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'tfy-llm-scratch-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    scratch = dir;
  }
  return scratch;
}

/** Runs the CLI in this process. The environment is only what the test gives: no ambient keys. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new CaptureStream(options.stdoutTTY ?? false);
  const stderr = new CaptureStream(options.stderrTTY ?? false);
  const env: Env = { TFY_LLM_CONFIG_DIR: scratchConfigDir(), ...options.env };
  const code = await run(argv, {
    io: { stdout, stderr, stdin: stdinOf(options.stdin), env },
    now: options.now ?? Date.now,
    cwd: ROOT,
    signal: options.signal,
    ...options.extraDeps,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

/** Runs the built binary exactly as a user would, with a clean environment. */
export function spawnCli(argv: string[], options: SpawnOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TFY_LLM_CONFIG_DIR: scratchConfigDir(), ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** A private temporary folder, removed after the test. */
export function tempDir(t: TestContext, prefix = 'tfy-llm-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Asserts the usual promises of every failure: one error line, no stack, no key. */
export function failureLines(result: RunResult): string[] {
  return result.stderr.split('\n').filter((line) => line.trim() !== '');
}
