// `node dist/demo-gateway.js [--port N]`: runs the demo gateway until Ctrl-C,
// so the CLI can be tried without a real gateway.
import { parseArgs } from 'node:util';
import { DEMO_API_KEY, startGateway } from './server.ts';

// A fixed default, so a profile pointing at the demo keeps working across runs.
const DEFAULT_PORT = 4321;
// Slow enough for a person to see tokens arrive, fast enough not to bore them.
const DEMO_EVENT_DELAY_MS = 30;

function parsePort(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string', short: 'p' } } });
  if (values.port === undefined) return DEFAULT_PORT;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got '${values.port}'`);
  return port;
}

async function main(): Promise<void> {
  let port: number;
  try {
    port = parsePort(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\nusage: demo-gateway [--port N]\n`);
    process.exitCode = 2;
    return;
  }
  const gateway = await startGateway({
    port,
    eventDelayMs: DEMO_EVENT_DELAY_MS,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`demo gateway listening on ${gateway.url} (key: ${DEMO_API_KEY})\n`);
  const stop = (): void => {
    void gateway.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
