// A batch that sends thousands of requests a second keeps V8's heap small: `batch run` and `batch
// submit` start themselves again (process.execve: the same process, pid, descriptors and environment)
// with a bounded young generation and an old generation that grows by less each time.
//
// Why: what a batch holds at any moment stays ~20 MiB, but by default V8 sizes its heap to the
// allocation rate. The young generation doubles up to 64 MiB semi-spaces over a long run (its growth
// follows the bytes that survived since the last growth, so a long run always gets there), and the old
// generation, full of answers promoted on their way out, grows by a factor V8 picks (up to 4×) before
// it is collected; a 200,000-line run then peaks near 400 MiB where a 1,000-line one stays near 140.
// The semi-space size is fixed when the heap is made (it cannot be capped at run time), hence the
// restart. The cost: the smaller young generation costs nothing measurable, the old generation's more
// frequent collections ~5% of a zero-latency batch's wall time, and the restart a Node start (~20 ms).
//
// The user's word wins: a --max-semi-space-size of their own (on the command line or in NODE_OPTIONS;
// `NODE_OPTIONS=--max-semi-space-size=0` means V8's default) is left as it is. Where Node cannot restart
// itself in place (Windows, Node before 22.15) the run goes on unbounded.

/** What this needs of a command line read once (program/argv.ts readCommandLine gives it). */
interface CommandWords {
  words: readonly string[];
  command: string;
  help: boolean;
}

/**
 * The flags each long batch command runs with. `run` keeps up to -j requests in flight: 16 MiB semi-spaces
 * cost it nothing measurable, where smaller ones cost throughput. `submit` reads, converts and writes
 * line after line, holding nothing in between: 4 MiB semi-spaces cost it nothing either, and save 20 MiB.
 */
export const BOUNDED_HEAP_FLAGS: Readonly<Record<'run' | 'submit', readonly string[]>> = {
  run: ['--max-semi-space-size=16', '--heap-growing-percent=60'],
  submit: ['--max-semi-space-size=4', '--heap-growing-percent=60'],
};

/** The flags this command line is to restart with, or undefined when it is not to (or already did). */
export function boundedHeapFlags(line: CommandWords, execArgv: readonly string[], nodeOptions: string | undefined): readonly string[] | undefined {
  const sub = line.words[1];
  if (line.help || line.command !== 'batch' || (sub !== 'run' && sub !== 'submit')) return undefined;
  const chosen = (arg: string): boolean => arg === '--max-semi-space-size' || arg.startsWith('--max-semi-space-size=');
  if (execArgv.some(chosen) || (nodeOptions ?? '').split(/\s+/).some(chosen)) return undefined;
  return BOUNDED_HEAP_FLAGS[sub];
}

/**
 * Restarts this process with the bounded heap when the command line wants it; returns only when it
 * does not (or the restart failed, and the run goes on as it is).
 */
export function restartWithBoundedHeap(line: CommandWords): void {
  if (typeof process.execve !== 'function' || process.platform === 'win32') return;
  const flags = boundedHeapFlags(line, process.execArgv, process.env.NODE_OPTIONS);
  if (flags === undefined) return;
  try {
    process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], process.env);
  } catch {
    // An execve that fails leaves this process as it was.
  }
}
