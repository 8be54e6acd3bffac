// tfy-llm batch results [job|last] [-o out.jsonl]: every part's output and error files, merged into
// the shared output format (the same lines `batch run` writes), and the requests with no result named.
// Before every part has ended there is nothing whole to give: exit 7, "not ready", nothing written.
import { CliError, ExitCode } from '../../errors/errors.ts';
import type { BatchDeps } from '../../batch-jobs/deps.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import { results as spec } from './spec.ts';
import { ENDED } from '../../batch-jobs/objects.ts';
import { mergeFile, type ResultLine } from '../../batch-jobs/results.ts';
import { readJobIds } from '../../batch-jobs/job-ids.ts';
import { lookAtParts, openJob } from '../../batch-jobs/open-job.ts';
import { openOutput } from '../../batch-jobs/result-output.ts';
import { note, warner } from '../../terminal/notices.ts';
import { forTerminal } from '../../terminal/safe-text.ts';

// Named in the summary; the rest are counted.
const MISSING_SHOWN = 10;

export async function execute([named]: ArgsOf<typeof spec>, given: RawOptionsOf<typeof spec>, deps: BatchDeps): Promise<number> {
  const opts = checkOptions(spec, given);
  const open = await openJob(named, opts, deps);
  const { job: recorded, name } = open.target;
  const seen = await lookAtParts(open, deps.signal);
  const running = seen.filter((look) => look !== undefined && !ENDED.has(look.batch.status));
  if (running.length > 0) {
    const what = running.map((look) => `${forTerminal(look?.batch.id ?? '')} is ${forTerminal(look?.batch.status ?? '')}`).join(', ');
    throw new CliError(`the results of ${name} are not ready: ${what}`, {
      exitCode: ExitCode.notReady,
      type: 'not_ready',
      hint: `wait for it with tfy-llm batch status ${name} --wait, then ask again`,
    });
  }
  const warn = warner(opts, deps);
  const ids = recorded ? await readJobIds(deps.io.env, recorded.id) : undefined;
  if (recorded && !ids) warn(`the list of ${recorded.id}'s custom_ids is gone: requests with no result cannot be named`);

  const out = await openOutput(opts.output, deps, opts.text === true);
  const missing: string[] = [];
  let written = 0;
  let failed = 0;
  let strays = 0;
  try {
    let offset = 0;
    for (const [index, look] of seen.entries()) {
      const part = recorded?.parts[index];
      const partIds = ids && part ? ids.slice(offset, offset + part.requests) : undefined;
      offset += part?.requests ?? 0;
      const wanted = partIds ? new Set(partIds) : { has: () => true };
      const got = new Set<string>();
      if (look?.batch.status === 'failed' && look.batch.errors.length > 0) {
        warn(`${part ? `part ${part.index} (${forTerminal(look.batch.id)})` : forTerminal(look.batch.id)} failed validation: tfy-llm batch status ${name} shows why`);
      }
      for (const fileId of [look?.batch.output_file_id, look?.batch.error_file_id]) {
        if (!fileId) continue;
        const tally = await mergeFile(open.connected, fileId, wanted as ReadonlySet<string>, got, (line: ResultLine) => out.write(line), deps.signal, deps.batchMaxResultLine);
        written += tally.written;
        failed += tally.failed;
        strays += tally.strays;
      }
      if (partIds) missing.push(...partIds.filter((id) => !got.has(id)));
    }
    await out.finish();
  } catch (err) {
    await out.abandon();
    throw err;
  }
  if (strays > 0) warn(`skipped ${strays} result line${strays === 1 ? '' : 's'} for custom_ids not in the input (or repeated)`);
  const where = opts.output === undefined ? '' : ` to ${forTerminal(opts.output)}`;
  const failures = failed === 0 ? '' : opts.text ? ` (${failed} failed: left out of the text; without --text their lines carry the error)` : ` (${failed} failed: their lines carry the error)`;
  note(deps, `${name}: ${written} result${written === 1 ? '' : 's'}${failures}${where}`);
  if (missing.length > 0) {
    const shown = missing.slice(0, MISSING_SHOWN).map(forTerminal).join(', ');
    const more = missing.length > MISSING_SHOWN ? ` and ${missing.length - MISSING_SHOWN} more` : '';
    warn(`no result for ${missing.length} request${missing.length === 1 ? '' : 's'} of the input: ${shown}${more}`);
  }
  return failed > 0 || missing.length > 0 ? ExitCode.failure : ExitCode.ok;
}
