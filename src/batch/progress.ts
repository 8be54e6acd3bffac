// What a run says on stderr: a progress bar redrawn in place on a terminal, and one summary line at the end.
import type { OutStream } from '../terminal/io.ts';
import type { Limiter } from './limiter.ts';

export interface Tally {
  /** Requests this run sends (lines already answered in the output are not counted). */
  total: number;
  /** Lines an earlier run already answered. */
  skipped: number;
  succeeded: number;
  failed: number;
  tokensIn: number;
  tokensOut: number;
  startedAt: number;
}

const REDRAW_MS = 250;
const CLEAR_LINE = '\r\u001B[2K';

/** Redraws the bar every quarter second until stopped; the bar's line is cleared when it stops. */
export function startProgress(stderr: OutStream, tally: Tally, limiter: Limiter, now: () => number): { stop(): void } {
  const draw = (): void => void stderr.write(`${CLEAR_LINE}${progressLine(tally, limiter, now(), (stderr.columns ?? 80) - 1)}`);
  draw();
  const timer = setInterval(draw, REDRAW_MS);
  return {
    stop() {
      clearInterval(timer);
      stderr.write(CLEAR_LINE);
    },
  };
}

export function progressLine(tally: Tally, limiter: Limiter, now: number, width: number): string {
  const finished = tally.succeeded + tally.failed;
  const seconds = Math.max(0.001, (now - tally.startedAt) / 1000);
  const rate = finished / seconds;
  const left = tally.total - finished;
  const eta = rate > 0 ? duration(left / rate) : '?';
  const parts = [
    `${finished}/${tally.total}`,
    `${tally.failed} failed`,
    `${rate.toFixed(1)} req/s`,
    `in/out ${count(tally.tokensIn)}/${count(tally.tokensOut)} tokens`,
    `ETA ${eta}`,
    `concurrency ${limiter.concurrency}/${limiter.max}`,
  ];
  const line = parts.join(' · ');
  // The bar goes first when the terminal is wide enough for it; the figures matter more.
  const barWidth = Math.min(20, width - line.length - 3);
  if (barWidth < 5) return line.length > width ? line.slice(0, Math.max(0, width)) : line;
  const filled = tally.total === 0 ? barWidth : Math.round((finished / tally.total) * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${line}`;
}

/** The end of a run, on one line: what happened, how fast, and where the failures are. */
export function summaryLine(tally: Tally, limiter: Limiter, now: number, output: string | undefined): string {
  const seconds = Math.max(0.001, (now - tally.startedAt) / 1000);
  const finished = tally.succeeded + tally.failed;
  const parts = [
    `batch: ${tally.succeeded} of ${tally.total} succeeded${tally.failed > 0 ? `, ${tally.failed} failed` : ''}${tally.skipped > 0 ? ` (${tally.skipped} done earlier, skipped)` : ''}`,
    `${duration(seconds)}`,
    `${(finished / seconds).toFixed(1)} req/s`,
    `tokens ${count(tally.tokensIn)} in / ${count(tally.tokensOut)} out`,
    `concurrency ${limiter.concurrency}/${limiter.max} (lowest ${limiter.lowest})`,
  ];
  if (tally.failed > 0) {
    parts.push(output === undefined ? 'the failed lines are those with "error" set' : `the failed lines are in ${output} (jq 'select(.error)'); running the same command again sends them again`);
  }
  return parts.join(' · ');
}

export function count(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
