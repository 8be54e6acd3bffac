// npm run bench: start-up, a full create, streaming latency, a large attachment and a large history,
// each as a ratio measured side by side in one run (interleaved medians), against the fake gateway.
// A benchmark, not a test: it prints a table and writes bench-results.json; it asserts nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway } from '../src/gateway/server.ts';
import { benchHistory, benchStreaming } from './bench-parts.ts';
import { benchBatch } from './bench-batch.ts';
import { benchSubmitMemory } from './bench-batch-gateway.ts';
import { interleaved, median, runs, timed } from './bench-lib.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'tfy-llm.js');
const work = mkdtempSync(join(tmpdir(), 'tfy-llm-bench-'));
const gateway = await startGateway();
const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: work, TFY_LLM_CONFIG_DIR: join(work, 'config'), TFY_LLM_BASE_URL: gateway.url, TFY_API_KEY: 'tfy-demo-key' };

/** Peak RSS (KiB) of one CLI run, reported by a preloaded exit hook. */
async function peakRss(args: string[]): Promise<number> {
  const file = join(work, `rss-${Math.random().toString(16).slice(2)}`);
  const run = await timed(process.execPath, ['--import', join(root, 'scripts', 'bench-rss.mjs'), bin, ...args], { ...env, BENCH_RSS_FILE: file });
  if (run.code !== 0) throw new Error(`tfy-llm ${args[0]} failed (exit ${run.code})`);
  return Number(readFileSync(file, 'utf8'));
}

interface Row {
  name: string;
  measured: string;
  ratio: number;
  target: number;
}

const rows: Row[] = [];
const firstRuns: string[] = [];
try {
  const [help, node] = await interleaved(() => timed(process.execPath, [bin, '--help'], env), () => timed(process.execPath, ['-e', '0'], env));
  rows.push({ name: 'tfy-llm --help vs node -e 0', measured: `${help.toFixed(1)} ms vs ${node.toFixed(1)} ms`, ratio: help / node, target: 1.3 });

  const [create, baseline] = await interleaved(
    () => timed(process.execPath, [bin, 'create', 'hi', '--model', 'p/gpt-4o', '--json'], env),
    () => timed(process.execPath, [join(root, 'scripts', 'bench-baseline.mjs')], env),
  );
  rows.push({ name: 'create --json vs minimal openai script', measured: `${create.toFixed(1)} ms vs ${baseline.toFixed(1)} ms`, ratio: create / baseline, target: 0.65 });

  const stream = await benchStreaming({ bin, env, runs: Math.min(runs, 10) });
  rows.push({ name: 'streamed delta: gateway write → stdout', measured: `${stream.toFixed(1)} ms (target 20 ms)`, ratio: stream / 20, target: 1 });

  const image = join(work, 'big.png');
  const size = 20 * 1024 * 1024;
  const png = Buffer.alloc(size, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  writeFileSync(image, png);
  const helpRss = await peakRss(['--help']);
  const imageRss = await peakRss(['create', 'describe', '-i', image, '--model', 'p/gpt-4o', '--json']);
  const allowed = (3 * size) / 1024 + helpRss;
  rows.push({ name: 'peak RSS attaching a 20 MB image', measured: `${(imageRss / 1024).toFixed(0)} MiB (limit ${(allowed / 1024).toFixed(0)} MiB)`, ratio: imageRss / allowed, target: 1 });

  const history = await benchHistory({ bin, work, env });
  rows.push({ name: 'create with 10 000 history entries vs none', measured: `${history.full.toFixed(1)} ms vs ${history.empty.toFixed(1)} ms`, ratio: history.full / history.empty, target: 1.05 });

  rows.push(...(await benchBatch({ bin, work, env })));
  const submit = await benchSubmitMemory({ work, peakRss });
  const submitLimit = submit.small + 30 * 1024;
  rows.push({ name: 'peak RSS of batch submit, 200 000 lines vs 1 000', measured: `${(submit.large / 1024).toFixed(0)} MiB vs ${(submit.small / 1024).toFixed(0)} MiB (limit +30 MiB; medians of 5)`, ratio: submit.large / submitLimit, target: 1 });

  // Not a target: the first run of a command after an install, which makes its code cache (src/loader.ts).
  for (const [name, args] of [['--help', ['--help']], ['create --json', ['create', 'hi', '--model', 'p/gpt-4o', '--json']]] as const) {
    const times: number[] = [];
    for (let i = 0; i < Math.min(runs, 7); i++) times.push((await timed(process.execPath, [bin, ...args], { ...env, XDG_CACHE_HOME: join(work, `first-${name}-${i}`) })).ms);
    firstRuns.push(`${name} ${median(times).toFixed(1)} ms`);
  }
} finally {
  await gateway.close();
  rmSync(work, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r.name.length));
process.stdout.write(`${'benchmark'.padEnd(width)}  ${'ratio'.padStart(6)}  ${'target'.padStart(6)}  ok  measured\n`);
for (const r of rows) {
  process.stdout.write(`${r.name.padEnd(width)}  ${r.ratio.toFixed(2).padStart(6)}  ${('≤' + r.target).padStart(6)}  ${r.ratio <= r.target ? 'yes' : 'NO '}  ${r.measured}\n`);
}
const out = join(root, 'bench-results.json');
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, rows, firstRuns }, null, 2)}\n`);
process.stdout.write(`\nfirst run after an install (no code cache yet; not a target): ${firstRuns.join(', ')}\n`);
process.stdout.write(`\n(${runs} interleaved runs each; medians; figures in ${out})\n`);
