// What the batch commands take beyond every command's deps: knobs tests turn so that splitting and
// waiting are seen in milliseconds, not with 50,000 lines or over minutes. Absent: the real values.
import type { CommandDeps } from '../spec/deps.ts';
import type { PartLimits } from './parts.ts';

export interface BatchDeps extends CommandDeps {
  batchPartLimits?: PartLimits | undefined;
  /** The first pause between two polls of --wait (it then grows by half each round, up to 30 s). */
  batchPollMs?: number | undefined;
  /** The longest line of a result file before it is refused as broken (default 128 M characters). */
  batchMaxResultLine?: number | undefined;
}
