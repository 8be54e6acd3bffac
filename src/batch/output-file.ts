// Where result lines go: a file opened for appending, or stdout. Whole lines only are written, with one
// write() (of the lines of one event-loop turn) to an O_APPEND descriptor, so a kill -9 at any moment
// leaves whole lines and at most one torn last line (only if the system itself fails mid-write), which resume.ts drops.
//
// fsync: not per line. A killed process loses nothing the kernel already accepted (write() put it in
// the page cache), so per-line fsync would only guard against a power cut or a kernel crash, at the
// price of a disk flush per request (throughput bound by the disk instead of the gateway). Instead the
// file is flushed at most once a second while lines arrive, and at the end: a power cut loses at most the
// last second of lines, which a resume simply sends again.
import { closeSync, fdatasync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import type { OutStream } from '../terminal/io.ts';

export interface LineSink {
  write(line: string): void;
  close(): void;
}

const SYNC_EVERY_MS = 1000;

export function fileSink(path: string, now: () => number): LineSink {
  const fd = openSync(path, 'a', 0o600);
  let syncing = false;
  let syncedAt = now();
  // Lines that came in the same turn of the event loop go out in one write() (whole lines still: a kill
  // between two writes leaves whole lines, and a line not yet written is sent again by a resume): a
  // write per line cost more CPU than the rest of a fast batch's own work.
  let pending: string[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const flush = (): void => {
    scheduled = undefined;
    if (pending.length === 0) return;
    const bytes = Buffer.from(pending.length === 1 ? (pending[0] ?? '') : pending.join(''), 'utf8');
    pending = [];
    // A regular file takes the whole buffer in one call unless the disk is full; the loop is for that case's error.
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    if (now() - syncedAt >= SYNC_EVERY_MS && !syncing) {
      // In the background: a slow disk must not hold up the requests; the lines are already written.
      syncing = true;
      syncedAt = now();
      fdatasync(fd, () => (syncing = false));
    }
  };
  return {
    write(line) {
      pending.push(line);
      scheduled ??= setImmediate(flush);
    },
    close() {
      if (scheduled !== undefined) clearImmediate(scheduled);
      flush();
      fdatasyncSync(fd);
      closeSync(fd);
    },
  };
}

export function streamSink(stream: OutStream): LineSink {
  return { write: (line) => void stream.write(line), close: () => {} };
}

/**
 * --ordered: results are written in input order; a result that comes early waits here for the ones
 * before it. `size` is how many wait, so the runner can stop starting requests while it is full.
 */
export class OrderedSink implements LineSink {
  readonly #inner: LineSink;
  readonly #waiting = new Map<number, string | null>();
  #next = 0;

  constructor(inner: LineSink) {
    this.#inner = inner;
  }

  get size(): number {
    return this.#waiting.size;
  }

  /** `line` null: the request has no line (interrupted), but the ones after it may go. */
  put(index: number, line: string | null): void {
    this.#waiting.set(index, line);
    for (let next = this.#waiting.get(this.#next); next !== undefined || this.#waiting.has(this.#next); next = this.#waiting.get(this.#next)) {
      this.#waiting.delete(this.#next);
      this.#next += 1;
      if (next !== null && next !== undefined) this.#inner.write(next);
    }
  }

  write(line: string): void {
    this.#inner.write(line);
  }

  close(): void {
    this.#inner.close();
  }
}
