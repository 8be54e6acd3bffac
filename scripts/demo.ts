// npm run demo: starts the bundled demo gateway on 127.0.0.1 and runs real tfy-llm commands against it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway } from '../src/gateway/server.ts';

const bin = fileURLToPath(new URL('../bin/tfy-llm.js', import.meta.url));
const gateway = await startGateway();
const configDir = mkdtempSync(join(tmpdir(), 'tfy-llm-demo-'));

// Only the demo's own settings: no key or profile of yours is read or touched.
const env: NodeJS.ProcessEnv = {};
for (const [name, value] of Object.entries(process.env)) {
  if (!/^(TFY_|OPENAI_)/.test(name)) env[name] = value;
}
Object.assign(env, { TFY_LLM_BASE_URL: gateway.url, TFY_API_KEY: 'tfy-demo-key', TFY_LLM_CONFIG_DIR: configDir });

/** Runs the CLI as a child; async, because the gateway answers from this very process. */
function tfy(args: string[], capture = false): Promise<{ status: number; stdout: string }> {
  process.stderr.write(`\n$ tfy-llm ${args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve) => {
    child.on('error', () => resolve({ status: 1, stdout }));
    child.on('close', (code) => resolve({ status: code ?? 1, stdout }));
  });
}

let failed = false;
try {
  process.stderr.write(`demo gateway listening on ${gateway.url} (key: tfy-demo-key; nothing leaves this machine)\n`);
  const plain = await tfy(['create', 'What does tfy-llm do?', '--model', 'demo-openai/gpt-4o']);
  const json = await tfy(['create', 'Give me a response id', '--model', 'demo-openai/gpt-4o', '--json'], true);
  const id = json.status === 0 ? (JSON.parse(json.stdout) as { id?: string }).id : undefined;
  process.stdout.write(id ? `response id: ${id}\n` : '');
  failed = plain.status !== 0 || !id;
} finally {
  await gateway.close();
  rmSync(configDir, { recursive: true, force: true });
}
process.stderr.write(failed ? '\ndemo failed\n' : '\nThe demo worked. Next: tfy-llm config init to connect your own gateway (see README).\n');
process.exitCode = failed ? 1 : 0;
