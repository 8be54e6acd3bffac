// Whole-process timing for the benchmarks: wall time from spawn to exit, interleaved medians.
import { spawn } from 'node:child_process';

export const runs = Number(process.env.BENCH_RUNS ?? 15);

export interface Timed {
  ms: number;
  code: number;
  stdout: string;
}

/** Whole-process wall time of one command, from spawn to exit. */
export function timed(command: string, args: string[], env: Record<string, string | undefined>): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, code: code ?? 1, stdout }));
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** a and b alternately, `rounds` times each, and the median of each: for figures other than times (peak RSS). */
export async function alternately(rounds: number, a: () => Promise<number>, b: () => Promise<number>): Promise<[number, number]> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return [median(as), median(bs)];
}

/** Runs a and b alternately `runs` times (after one warm-up each) and returns both medians. */
export async function interleaved(a: () => Promise<Timed>, b: () => Promise<Timed>): Promise<[number, number]> {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ra = await a();
    const rb = await b();
    if (ra.code !== 0 || rb.code !== 0) throw new Error(`a benchmark command failed (exit ${ra.code} / ${rb.code})`);
    as.push(ra.ms);
    bs.push(rb.ms);
  }
  return [median(as), median(bs)];
}

