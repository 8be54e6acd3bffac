// The benchmarks that need a prepared world: a large history.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent, HISTORY_FILE } from '../src/core/history.ts';
import { interleaved, timed } from './bench-lib.ts';

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
