// Gateway batches: the peak RSS of `batch submit` for a 200,000-line input against a 1,000-line one.
// The input is streamed, split into part files on disk and uploaded from them, so memory must not grow
// with the input (target: at most 30 MiB more).
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { alternately } from './bench-lib.ts';

export interface SubmitBench {
  work: string;
  /** Peak RSS (KiB) of one CLI run with these arguments. */
  peakRss(args: string[]): Promise<number>;
}

async function writeInput(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 1; i <= lines; i++) {
    const line = JSON.stringify({ custom_id: `req-${i}`, method: 'POST', url: '/v1/responses', body: { model: 'my-openai/gpt-4o', input: `Summarise item ${i} of the catalogue in one sentence, please.` } });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export async function benchSubmitMemory({ work, peakRss }: SubmitBench): Promise<{ small: number; large: number }> {
  const small = join(work, 'batch-1k.jsonl');
  const large = join(work, 'batch-200k.jsonl');
  await writeInput(small, 1_000);
  await writeInput(large, 200_000);
  // One run first, not counted: it makes `batch submit`'s code cache (src/loader.ts), and a run without one
  // compiles as it goes and peaks differently. Then five of each, interleaved, medians: one run's peak varies
  // by several MiB with where V8's collections fall (a single 1,000-line run measured 88 to 98 MiB).
  await peakRss(['batch', 'submit', small]);
  const [smallPeak, largePeak] = await alternately(5, () => peakRss(['batch', 'submit', small]), () => peakRss(['batch', 'submit', large]));
  return { small: smallPeak, large: largePeak };
}
