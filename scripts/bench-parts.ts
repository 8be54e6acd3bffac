// The benchmarks that need a prepared world: a large history, a gateway that pauses mid-stream.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent, HISTORY_FILE } from '../src/history/store.ts';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startGateway } from '../src/gateway/server.ts';
import { interleaved, median, timed } from './bench-lib.ts';

interface HistoryBench {
  bin: string;
  work: string;
  env: Record<string, string | undefined>;
}

/** `create` with a history of 10 000 entries against one with none, in the history's own format. */
export async function benchHistory({ bin, work, env }: HistoryBench): Promise<{ full: number; empty: number }> {
  const emptyDir = join(work, 'history-empty');
  const fullDir = join(work, 'history-full');
  mkdirSync(emptyDir, { recursive: true, mode: 0o700 });
  mkdirSync(fullDir, { recursive: true, mode: 0o700 });
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const event = createEvent({
      id: `resp_${i.toString(16).padStart(24, '0')}`,
      time: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      profile: i % 2 ? 'dev' : 'prod',
      base_url: 'http://127.0.0.1/api/llm',
      provider: 'p',
      model: 'p/gpt-4o',
      status: 'completed',
      stored: true,
      prompt: `a prompt of some length, number ${i}, to make the lines realistic`,
    });
    lines.push(JSON.stringify(event));
  }
  writeFileSync(join(fullDir, HISTORY_FILE), `${lines.join('\n')}\n`, { mode: 0o600 });
  const args = [bin, 'create', 'hi', '--model', 'p/gpt-4o', '--json'];
  const [full, empty] = await interleaved(
    () => timed(process.execPath, args, { ...env, TFY_LLM_CONFIG_DIR: fullDir }),
    () => timed(process.execPath, args, { ...env, TFY_LLM_CONFIG_DIR: emptyDir }),
  );
  return { full, empty };
}

interface StreamBench {
  bin: string;
  env: Record<string, string | undefined>;
  runs: number;
}

/**
 * How long a streamed delta takes from the gateway to the CLI's stdout. The `slow-stream` model
 * pauses after its first delta; the delta after the pause is timed from just before the gateway
 * writes it to the moment its text reaches the reading end of the CLI's stdout pipe.
 */
export async function benchStreaming({ bin, env, runs }: StreamBench): Promise<number> {
  let writtenAt = 0;
  let deltas = 0;
  const gateway = await startGateway({
    streamPauseMs: 300,
    onStreamEvent: (type) => {
      if (type !== 'response.output_text.delta') return;
      deltas += 1;
      if (deltas === 2) writtenAt = performance.now();
    },
  });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      deltas = 0;
      writtenAt = 0;
      const args = [bin, 'create', 'hi there', '--model', 'p/slow-stream', '--stream'];
      const child = spawn(process.execPath, args, { env: { ...env, TFY_LLM_BASE_URL: gateway.url }, stdio: ['ignore', 'pipe', 'ignore'] });
      let chunks = 0;
      let arrivedAt = 0;
      child.stdout.on('data', () => {
        chunks += 1;
        // The first chunk is the first delta; the next one to arrive after the pause is the timed delta.
        if (writtenAt > 0 && arrivedAt === 0) arrivedAt = performance.now();
      });
      const [code] = (await once(child, 'close')) as [number | null];
      if (code !== 0 || chunks < 2 || arrivedAt === 0) throw new Error(`the streaming run failed (exit ${code}, ${chunks} chunks)`);
      if (i > 0) latencies.push(arrivedAt - writtenAt); // the first run warms the compile cache
    }
  } finally {
    await gateway.close();
  }
  return median(latencies);
}
