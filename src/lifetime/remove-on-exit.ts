// Temporary files that must not outlive the process, however it ends: a normal exit, process.exit
// (a second Ctrl-C), or a signal whose default would kill it without running any JavaScript.
// Handlers are installed only while something is registered, so an ordinary run pays nothing.
import { rmSync } from 'node:fs';

// Signals a process can catch whose default action ends it. SIGINT is entry.ts's (first: abort, second:
// process.exit, which runs the 'exit' listener below); SIGKILL and SIGSTOP cannot be caught.
const FATAL: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'SIGALRM', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM'];

const paths = new Set<string>();

function removeAll(): void {
  for (const path of paths) rmSync(path, { recursive: true, force: true });
  paths.clear();
}

/** Removes the files, then dies of the same signal, so the shell sees what killed us (143 for SIGTERM). */
function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', removeAll);
  for (const signal of FATAL) {
    try {
      process.on(signal, onSignal);
    } catch {
      // A platform without this signal.
    }
  }
}

function uninstall(): void {
  process.off('exit', removeAll);
  for (const signal of FATAL) process.off(signal, onSignal);
}

/** Removes `path` (a file or a folder) when the process ends; the returned function forgets it again. */
export function removeOnExit(path: string): () => void {
  if (paths.size === 0) install();
  paths.add(path);
  return () => {
    if (!paths.delete(path)) return;
    if (paths.size === 0) uninstall();
  };
}
