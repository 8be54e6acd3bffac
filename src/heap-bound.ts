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
// itself in place (Windows, Node before 22.15), or where something is tied to this process's start (a
// debugger, a parent's IPC channel), the run goes on unbounded.

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

/**
 * --heap-growing-percent is V8's own, not Node's: a V8 without it would refuse to start (after the
 * restart, too late to go back). It is passed only to the Node majors it was measured on; a later one
 * still gets the young generation bounded (--max-semi-space-size is Node's own option).
 */
const V8_FLAG_MAJORS = new Set([22, 23, 24, 25]);

/** The user chose a semi-space size: in any spelling Node takes (`_` for `-`; quoted in NODE_OPTIONS). */
const SEMI_SPACE_CHOSEN = /--max[-_]semi[-_]space[-_]size\b/;

/** A debugger or a parent on an IPC channel is tied to this process's start: a restart would leave them. */
const TIED = /^--(inspect|inspect-brk|inspect-wait|debug|debug-brk)(=|$)|^--inspect-port(=|$)/;

export interface RestartContext {
  execArgv: readonly string[];
  nodeOptions: string | undefined;
  /** Node's major version. */
  major: number;
  /** Whether this process has an IPC channel (started by fork()). */
  ipc: boolean;
}

/** The flags this command line is to restart with, or undefined when it is not to (or already did). */
export function boundedHeapFlags(line: CommandWords, context: RestartContext): readonly string[] | undefined {
  const sub = line.words[1];
  if (line.help || line.command !== 'batch' || (sub !== 'run' && sub !== 'submit')) return undefined;
  if (context.execArgv.some((arg) => SEMI_SPACE_CHOSEN.test(arg)) || SEMI_SPACE_CHOSEN.test(context.nodeOptions ?? '')) return undefined;
  if (context.ipc || context.execArgv.some((arg) => TIED.test(arg)) || /--inspect/.test(context.nodeOptions ?? '')) return undefined;
  const flags = BOUNDED_HEAP_FLAGS[sub];
  return V8_FLAG_MAJORS.has(context.major) ? flags : flags.filter((flag) => !flag.startsWith('--heap-growing-percent'));
}

/**
 * Restarts this process with the bounded heap when the command line wants it; returns only when it
 * does not (or the restart failed, and the run goes on as it is).
 */
export function restartWithBoundedHeap(line: CommandWords): void {
  if (typeof process.execve !== 'function' || process.platform === 'win32') return;
  const major = Number(process.versions.node.split('.')[0]);
  const flags = boundedHeapFlags(line, { execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS, major, ipc: process.channel !== undefined });
  if (flags === undefined) return;
  try {
    process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], process.env);
  } catch {
    // An execve that fails leaves this process as it was.
  }
}
