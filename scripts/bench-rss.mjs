// Preloaded with --import: reports the process's peak RSS (KiB) to the file named by BENCH_RSS_FILE at exit.
// On Linux, VmHWM of /proc/self/status: the peak of this process image alone. getrusage's maxRSS is not
// that: after fork and exec it starts from the parent's RSS at the fork, so a child of a large benchmark
// process (one holding a gateway's uploads, say) would report at least the parent's size.
import { readFileSync, writeFileSync } from 'node:fs';

function peakKiB() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm !== undefined) return Number(hwm);
  } catch {
    // Not Linux: getrusage's figure, the best there is.
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(peakKiB()));
});
