// The batch benchmarks (issue 16), run by bench.ts or alone (`node scripts/bench-batch.ts`):
// throughput against a gateway answering after 50 ms; requests per second at zero latency side by side
// with a bare openai promise pool; peak RSS for a big input against a small one; and a 429 storm.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayOptions } from '../src/gateway/server.ts';
import type { LoadStats } from '../src/gateway/load.ts';
import { alternately, median } from './bench-lib.ts';

export interface BatchRow {
  name: string;
  measured: string;
  ratio: number;
  target: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  ms: number;
  code: number;
  stderr: string;
}

function spawnTimed(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, code: code ?? 1, stderr }));
  });
}

interface GatewayProcess {
  url: string;
  /** What the gateway's load knobs saw so far. */
  load(): Promise<LoadStats>;
}

/** The fake gateway in its own process (scripts/bench-gateway.ts), so it does not share this process's event loop. */
async function withGateway<T>(options: GatewayOptions, use: (url: string, gateway: GatewayProcess) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'bench-gateway.ts'), JSON.stringify(options)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const reply = <K extends 'url' | 'load'>(key: K): Promise<K extends 'url' ? string : LoadStats> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>): void => {
        if (!(key in message)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message[key] as K extends 'url' ? string : LoadStats);
      };
      const onExit = (code: number | null): void => reject(new Error(`the benchmark's gateway exited (${code ?? 'signal'})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  try {
    const url = await reply('url');
    return await use(url, {
      url,
      load: () => {
        const answer = reply('load');
        child.send('load');
        return answer;
      },
    });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send('close');
    else child.kill();
    await exited;
  }
}

export async function benchBatch(options: { bin: string; work: string; env: Record<string, string | undefined>; onRow?: (row: BatchRow) => void }): Promise<BatchRow[]> {
  const { bin, work } = options;
  const rows: BatchRow[] = [];
  const push = rows.push.bind(rows);
  rows.push = (...added: BatchRow[]) => {
    for (const row of added) options.onRow?.(row);
    return push(...added);
  };
  const promptFile = (n: number): string => {
    const path = join(work, `prompts-${n}.txt`);
    writeFileSync(path, Array.from({ length: n }, (_, i) => `prompt number ${i + 1}`).join('\n') + '\n');
    return path;
  };
  const envFor = (url: string) => ({ ...options.env, TFY_LLM_BASE_URL: url, TFY_API_KEY: 'tfy-demo-key', TFY_LLM_MODEL: 'p/gpt-4o' });
  const batch = async (url: string, input: string, extra: string[] = [], prefix: string[] = []): Promise<Run> => {
    const out = join(work, `out-${Math.random().toString(16).slice(2)}.jsonl`);
    const run = await spawnTimed([...prefix, bin, 'batch', 'run', input, '-o', out, '--restart', '--json', ...extra], envFor(url));
    rmSync(out, { force: true });
    if (run.code !== 0) throw new Error(`batch run failed (exit ${run.code}): ${run.stderr.slice(-500)}`);
    return run;
  };

  // Throughput: 10,000 prompts, 64 at a time, each answered after 50 ms: the ideal is 10,000 × 50 ms / 64.
  const tenK = promptFile(10_000);
  await withGateway({ latencyMs: 50 }, async (url) => {
    const run = await batch(url, tenK, ['-j', '64', '--no-store']);
    const ideal = (10_000 * 50) / 64;
    // The same gateway with a bare promise pool of the same size: what this machine allows at all.
    const pool = await spawnTimed([join(root, 'scripts', 'bench-batch-pool.mjs'), tenK, '64'], envFor(url));
    rows.push({
      name: 'batch 10k × 50 ms, -j 64: wall vs ideal',
      measured: `${(run.ms / 1000).toFixed(2)} s vs ${(ideal / 1000).toFixed(2)} s (a bare openai pool: ${(pool.ms / 1000).toFixed(2)} s)`,
      ratio: run.ms / ideal,
      target: 1.15,
    });
  });

  // Zero latency, side by side with a bare promise pool of the same size (interleaved, medians). The
  // order alternates: whichever runs first in a round was measured ~3% slower (the gateway's state after
  // the other), so a fixed order would tilt the ratio.
  await withGateway({}, async (url) => {
    const ours: number[] = [];
    const bare: number[] = [];
    const runOurs = async (): Promise<void> => void ours.push((await batch(url, tenK, ['-j', '64', '--no-store'])).ms);
    const runPool = async (): Promise<void> => {
      const pool = await spawnTimed([join(root, 'scripts', 'bench-batch-pool.mjs'), tenK, '64'], envFor(url));
      if (pool.code !== 0) throw new Error(`the bare pool failed: ${pool.stderr.slice(-500)}`);
      bare.push(pool.ms);
    };
    // 10 rounds: the ratio moves by ±3% from one round to the next, and this row sits near its target.
    for (let i = 0; i < 10; i++) {
      if (i % 2 === 0) {
        await runOurs();
        await runPool();
      } else {
        await runPool();
        await runOurs();
      }
    }
    const [oursRps, bareRps] = [10_000 / (median(ours) / 1000), 10_000 / (median(bare) / 1000)];
    rows.push({ name: 'batch 10k at zero latency: req/s, bare pool ÷ ours', measured: `${oursRps.toFixed(0)} vs ${bareRps.toFixed(0)} req/s (target ours ≥ 0.9 × bare)`, ratio: bareRps / oursRps / (1 / 0.9), target: 1 });
  });

  // Memory: peak RSS for a big input against a small one (the input is streamed, never held).
  const bigLines = Number(process.env.BENCH_BATCH_LINES ?? 200_000);
  await withGateway({}, async (url) => {
    const peak = async (input: string): Promise<number> => {
      const file = join(work, `rss-${Math.random().toString(16).slice(2)}`);
      const out = join(work, 'rss-out.jsonl');
      const run = await spawnTimed(['--import', join(root, 'scripts', 'bench-rss.mjs'), bin, 'batch', 'run', input, '-o', out, '--restart', '-j', '64', '--no-store', '--json'], { ...envFor(url), BENCH_RSS_FILE: file });
      rmSync(out, { force: true });
      if (run.code !== 0) throw new Error(`batch run failed (exit ${run.code}): ${run.stderr.slice(-500)}`);
      return Number(readFileSync(file, 'utf8')) / 1024;
    };
    // Five of each, interleaved, medians: one 200,000-line run's peak varies by ±10 MiB (V8 keeps the pages
    // of its largest heap so far, and how large that got depends on where its collections fell).
    const [smallInput, bigInput] = [promptFile(1_000), promptFile(bigLines)];
    const [small, big] = await alternately(5, () => peak(smallInput), () => peak(bigInput));
    rows.push({ name: `batch peak RSS: ${bigLines} lines vs 1,000 + 30 MiB`, measured: `${big.toFixed(0)} MiB vs ${small.toFixed(0)} + 30 MiB (medians of 5)`, ratio: big / (small + 30), target: 1 });
  });

  // A 429 storm: the gateway serves at most N at once; the run must finish every line, its window near N.
  const limit = 8;
  const latency = 20;
  const twoK = promptFile(2_000);
  await withGateway({ maxConcurrent: limit, latencyMs: latency, loadRetryAfterSeconds: 0.1 }, async (url, gateway) => {
    const run = await batch(url, twoK, ['-j', '64', '--no-store']);
    const summary = (JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '{}') as { batch?: { succeeded: number; concurrency: number; lowest_concurrency: number } }).batch;
    // Little's law: the concurrency the gateway actually served at, on average.
    const load = await gateway.load();
    const served = (load.served * latency) / run.ms;
    rows.push({
      name: `batch 429 storm (gateway limit ${limit}, -j 64): limit ÷ mean served`,
      measured: `${summary?.succeeded ?? '?'} of 2000 succeeded; mean ${served.toFixed(1)} in flight; window at the end ${summary?.concurrency ?? '?'}, lowest ${summary?.lowest_concurrency ?? '?'}; ${load.rejected} refused`,
      ratio: limit / served,
      target: 2,
    });
  });
  return rows;
}

// Alone: `node scripts/bench-batch.ts` (after npm run build).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const work = mkdtempSync(join(tmpdir(), 'tfy-llm-bench-batch-'));
  try {
    const onRow = (r: BatchRow): void => void process.stdout.write(`${r.name}: ${r.ratio.toFixed(2)} (target ≤ ${r.target}) ${r.ratio <= r.target ? 'ok' : 'NO'} · ${r.measured}\n`);
    await benchBatch({ bin: join(root, 'bin', 'tfy-llm.js'), work, env: { PATH: process.env.PATH, HOME: work, TFY_LLM_CONFIG_DIR: join(work, 'config') }, onRow });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
