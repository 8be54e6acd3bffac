// tfy-llm demo: try the CLI with no gateway. Starts the bundled demo gateway on 127.0.0.1 and runs real
// commands against it, with settings of its own: the user's keys, profiles and history are never read or touched.
import { forTerminal } from '../../terminal/safe-text.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, UsageError } from '../../errors/errors.ts';
import { commandName } from '../../terminal/command-name.ts';
import type { Env, OutStream } from '../../terminal/io.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { spec } from './spec.ts';

const MODEL = 'demo-openai/gpt-4o';
const DEFAULT_PORT = 4321;
/** Slow enough for a person to see tokens arrive. */
const EVENT_DELAY_MS = 30;

export async function execute(_args: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const port = parsePort(opts.port);
  const { DEMO_API_KEY, startGateway } = await import('../../gateway/server.ts');
  const me = commandName(deps.io.env);
  if (opts.serve) {
    const wanted = port ?? DEFAULT_PORT;
    const gateway = await startGateway({ port: wanted, eventDelayMs: EVENT_DELAY_MS, log: (line) => deps.io.stderr.write(`${forTerminal(line)}\n`) }).catch((err: unknown) => {
      throw cannotListen(err, wanted, `${me} demo --serve`);
    });
    deps.io.stdout.write(`demo gateway listening on ${gateway.url}\n`);
    deps.io.stderr.write(`try it in another shell:\n  export TFY_LLM_BASE_URL=${gateway.url} TFY_API_KEY=${DEMO_API_KEY}\n  ${me} create "hello" --model ${MODEL}\nCtrl-C stops it.\n`);
    await new Promise<void>((resolve) => {
      if (deps.signal?.aborted) resolve();
      deps.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await gateway.close();
    return 0;
  }

  const gateway = await startGateway({ port: port ?? 0, eventDelayMs: EVENT_DELAY_MS }).catch((err: unknown) => {
    throw cannotListen(err, port ?? 0, `${me} demo`);
  });
  const configDir = mkdtempSync(join(tmpdir(), 'tfy-llm-demo-'));
  const env: Env = { ...withoutSettings(deps.io.env), TFY_LLM_BASE_URL: gateway.url, TFY_API_KEY: DEMO_API_KEY, TFY_LLM_CONFIG_DIR: configDir };
  const run = deps.runCli;
  if (!run) throw new UsageError('the demo runs commands through the tfy-llm command itself');
  const noStdin = { isTTY: true, async *[Symbol.asyncIterator]() {} };
  const demoDeps = (stdout: OutStream): CommandDeps => ({ ...deps, profiles: undefined, io: { ...deps.io, stdout, stdin: noStdin, env } });
  const say = (text: string): void => void deps.io.stderr.write(`${text}\n`);
  try {
    say(`demo gateway listening on ${gateway.url} (key: ${DEMO_API_KEY}; nothing leaves this machine)\n`);
    say(`$ tfy-llm create "What does tfy-llm do?" --model ${MODEL}`);
    const first = await run(['create', 'What does tfy-llm do?', '--model', MODEL], demoDeps(deps.io.stdout));
    if (first !== 0) return first;

    say(`\n$ tfy-llm create "Give me a response id" --model ${MODEL} --json`);
    let json = '';
    const capture: OutStream = { isTTY: false, write: (chunk: string) => ((json += chunk), true) };
    const second = await run(['create', 'Give me a response id', '--model', MODEL, '--json'], demoDeps(capture));
    if (second !== 0) return second;
    const { id, status } = JSON.parse(json) as { id: string; status: string };
    deps.io.stdout.write(`response id: ${forTerminal(String(id))} (status: ${forTerminal(String(status))})\n`);
    say(`\nThe demo worked. Next: connect your own gateway (see the README), or keep this one running with: ${me} demo --serve`);
    return 0;
  } finally {
    await gateway.close();
    rmSync(configDir, { recursive: true, force: true });
  }
}

/** The user's own tfy-llm and OpenAI settings are left out, so the demo can only reach the demo gateway. */
function withoutSettings(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(TFY_|OPENAI_)/.test(name)));
}

/** A port that is taken (or not ours to take): one line, and the flag that picks another. */
function cannotListen(err: unknown, port: number, again: string): CliError {
  const code = (err as NodeJS.ErrnoException).code;
  const next = port === 0 ? 0 : port === 65535 ? port - 1 : port + 1;
  const hint = `pick another port: ${again} --port ${next} (or --port 0 for any free one)`;
  if (code === 'EADDRINUSE') return new CliError(`port ${port} on 127.0.0.1 is already in use (another demo gateway, or another program)`, { hint });
  if (code === 'EACCES') return new CliError(`port ${port} on 127.0.0.1 needs privileges this user does not have`, { hint });
  return new CliError(`the demo gateway could not listen on 127.0.0.1:${port} (${code ?? String(err)})`, { hint });
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not ${JSON.stringify(value)}`);
  return port;
}
