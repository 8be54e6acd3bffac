// The --wait progress bar on a terminal's stderr: requests done of all parts, failures, parts still
// running; redrawn in place after each poll, and cleared at the end. Never in a pipe or with --json.
import type { OutStream } from '../terminal/io.ts';
import { ENDED, type BatchView } from './objects.ts';

const WIDTH = 24;

export interface Progress {
  update(batches: BatchView[]): void;
  done(): void;
}

export function progressBar(stderr: OutStream, enabled: boolean): Progress {
  if (!enabled || !stderr.isTTY) return { update() {}, done() {} };
  let drawn = false;
  return {
    update(batches) {
      const total = batches.reduce((sum, batch) => sum + batch.request_counts.total, 0);
      const done = batches.reduce((sum, batch) => sum + batch.request_counts.completed + batch.request_counts.failed, 0);
      const failed = batches.reduce((sum, batch) => sum + batch.request_counts.failed, 0);
      const running = batches.filter((batch) => !ENDED.has(batch.status)).length;
      const filled = total === 0 ? 0 : Math.min(WIDTH, Math.round((done / total) * WIDTH));
      const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
      const counts = total === 0 ? 'validating' : `${done}/${total} done`;
      const failures = failed === 0 ? '' : ` · ${failed} failed`;
      stderr.write(`\r\u001b[K${bar} ${counts}${failures} · ${running} of ${batches.length} part${batches.length === 1 ? '' : 's'} running`);
      drawn = true;
    },
    done() {
      if (drawn) stderr.write('\r\u001b[K');
    },
  };
}
