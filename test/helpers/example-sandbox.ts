// A place where documented shell examples run as a reader would type them: `tfy-llm` on PATH (the built
// binary), the demo gateway for a gateway, and a folder holding the files the examples name.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { quote } from './child-cli.ts';
import { withGateway, type FakeGateway } from './fake-gateway.ts';
import { BIN, KEY, tempDir } from './run-cli.ts';

/** The demo gateway's address in the documents; the sandbox's own (random) address replaces it. */
export const DOCUMENTED_ORIGIN = 'http://127.0.0.1:4321';
/** The default model the examples assume (README: "Try every example"). */
export const DOCUMENTED_MODEL = 'my-openai/gpt-4o';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
const SCHEMA = { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string' } }, required: ['name', 'role'], additionalProperties: false };

/** A batch input: prompt objects, one with an image. */
const PROMPTS = [
  { custom_id: 'rivers', prompt: 'Name three rivers' },
  { custom_id: 'haiku', prompt: 'Write a haiku about gateways', temperature: 0.7 },
  { custom_id: 'shot', prompt: 'Describe this image', image: 'shot.png' },
];

export interface Sandbox {
  gateway: FakeGateway;
  /** The working folder: shot.png, contract.pdf, notes.md, person.schema.json, prompts.txt, prompts.jsonl, requests.jsonl, a git repository with a change. */
  cwd: string;
  env: Record<string, string>;
}

export interface ExampleRun {
  code: number;
  /** stdout and stderr together, in the order they were written. */
  output: string;
}

export async function startSandbox(t: TestContext): Promise<Sandbox> {
  const gateway = await withGateway(t);
  const root = tempDir(t, 'tfy-llm-examples-');
  const cwd = join(root, 'work');
  const home = join(root, 'home');
  const bin = join(root, 'bin');
  for (const dir of [cwd, home, bin]) mkdirSync(dir);

  writeFileSync(join(bin, 'tfy-llm'), `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(BIN)} "$@"\n`);
  chmodSync(join(bin, 'tfy-llm'), 0o755);
  writeFileSync(join(cwd, 'shot.png'), PNG);
  writeFileSync(join(cwd, 'contract.pdf'), PDF);
  writeFileSync(join(cwd, 'notes.md'), '# Notes\n\nThe release moves to Friday. Ana reviews the gateway change; Ben writes the docs.\n');
  writeFileSync(join(cwd, 'person.schema.json'), `${JSON.stringify(SCHEMA, null, 2)}\n`);
  // For `batch run`: a text file of prompts, and JSONL requests (a prompt object and a Batch API line).
  writeFileSync(join(cwd, 'prompts.txt'), 'Name a river\nName a mountain\n');
  writeFileSync(join(cwd, 'requests.jsonl'), `${JSON.stringify({ custom_id: 'r1', prompt: 'Name a river' })}\n${JSON.stringify({ custom_id: 'r2', method: 'POST', url: '/v1/responses', body: { input: 'Name a sea' } })}\n`);
  // For `batch submit`: prompt objects, one with an image.
  writeFileSync(join(cwd, 'prompts.jsonl'), `${PROMPTS.map((line) => JSON.stringify(line)).join('\n')}\n`);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Example', '-c', 'user.email=example@example.com', ...args], { cwd, stdio: 'ignore' });
  writeFileSync(join(cwd, 'app.js'), 'export const greet = (name) => `hello ${name}`;\n');
  git('init', '-q');
  git('add', 'app.js');
  git('commit', '-qm', 'first');
  writeFileSync(join(cwd, 'app.js'), 'export const greet = (name) => `Hello, ${name}!`;\n');

  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    LANG: 'C.UTF-8',
    TFY_LLM_BASE_URL: gateway.url,
    TFY_API_KEY: KEY,
    TFY_LLM_MODEL: DOCUMENTED_MODEL,
    TFY_LLM_CONFIG_DIR: join(root, 'config'),
    // A safety net: anything but the local gateway goes to a proxy that is not there, and fails.
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  };
  return { gateway, cwd, env };
}

/** A fresh config folder (no profiles, empty history) for the next block. */
export function freshConfig(sandbox: Sandbox): Record<string, string> {
  return { ...sandbox.env, TFY_LLM_CONFIG_DIR: mkdtempSync(join(sandbox.env.HOME ?? sandbox.cwd, 'config-')) };
}

const MARK = '\u001e';

/**
 * Runs the commands one after the other in one bash (so a variable set by one is seen by the next),
 * with pipefail, and returns each one's exit code and output.
 */
export function runExamples(sandbox: Sandbox, commands: string[], env = sandbox.env): Promise<ExampleRun[]> {
  const local = (text: string) => text.replaceAll(DOCUMENTED_ORIGIN, sandbox.gateway.origin);
  const script = ['set -o pipefail', 'exec 2>&1', ...commands.flatMap((c) => [local(c), `printf '\\n${MARK}%s${MARK}\\n' "$?"`])].join('\n');
  return new Promise((resolve, reject) => {
    // stdin is /dev/null: an example never waits for a keyboard, and bash never mistakes the pipe for sshd.
    const child = spawn('bash', ['-c', script], { cwd: sandbox.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => {
      const runs: ExampleRun[] = [];
      const pattern = new RegExp(`\\n${MARK}(\\d+)${MARK}\\n`, 'g');
      let from = 0;
      for (const match of out.matchAll(pattern)) {
        runs.push({ code: Number(match[1]), output: out.slice(from, match.index) });
        from = match.index + match[0].length;
      }
      // A command that ended the shell leaves no mark: it is reported with what it printed.
      if (runs.length < commands.length) runs.push({ code: -1, output: out.slice(from) });
      resolve(runs);
    });
  });
}

/** The output as a reader would see it, with the sandbox's address shown as the documented one. */
export function documented(sandbox: Sandbox, text: string): string {
  return text.replaceAll(sandbox.gateway.origin, DOCUMENTED_ORIGIN);
}
