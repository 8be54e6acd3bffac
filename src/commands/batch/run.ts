// tfy-llm batch run <input> [-o out.jsonl]: every line checked first, then sent as `create` would send
// it, a bounded and adaptive number at a time, each answer written as one output line the moment it
// comes. Re-running with the same -o resumes; Ctrl-C stops sending and writes what is in flight.
import { schemaFormat } from '../../request/schema-format.ts';
import { checkAll } from '../../errors/problems.ts';
import { ExitCode, UsageError } from '../../errors/errors.ts';
import { requireConnection } from '../../config/settings.ts';
import { tfyMetadataHeaders } from '../../http/tfy-metadata.ts';
import { connect, settingsFor } from '../../http/connect.ts';
import { forTerminal } from '../../terminal/safe-text.ts';
import { OutputClosed } from '../../terminal/io.ts';
import { checkOptions } from '../../spec/check.ts';
import type { ArgsOf, RawOptionsOf } from '../../spec/define.ts';
import type { CommandDeps } from '../../spec/deps.ts';
import { checkInput, inputFile, inputUnreadable, localCheck, readLines, type InputFile } from '../../batch/input-check.ts';
import type { LineDefaults } from '../../batch/line-body.ts';
import type { LineSpec } from '../../batch/line-spec.ts';
import { Limiter, retryAfterMs } from '../../batch/limiter.ts';
import { fileSink, OrderedSink, streamSink, type LineSink } from '../../batch/output-file.ts';
import { jsonlLine, outputText, textLine, type BatchOutputLine } from '../../batch/output-format.ts';
import { runPool } from '../../batch/pool.ts';
import { startProgress, summaryLine, type Tally } from '../../batch/progress.ts';
import { readEarlier } from '../../batch/resume.ts';
import { sendLine } from '../../batch/send-line.ts';
import { run as spec } from './spec.ts';

/** How long requests in flight may finish after Ctrl-C before they are cut short (and left for a resume). */
const GRACE_MS = 10_000;
/** More turns for a line still rate limited after the client's own retries. */
const MAX_TURNS = 5;

export async function execute([source]: ArgsOf<typeof spec>, flags: RawOptionsOf<typeof spec>, deps: CommandDeps): Promise<number> {
  const settings = settingsFor(flags, deps);
  const connection = requireConnection(settings);
  // The command line's flags: checked once here, named as flags; each line is checked against them later.
  const [run] = await checkAll([
    () => checkOptions(spec, flags),
    () => (flags.schema === undefined ? undefined : schemaFormat(flags.schema, flags.schemaName)),
    () => tfyMetadataHeaders(flags.tfyMetadata, settings.headers),
  ] as const);
  const defaults: LineDefaults = { options: { ...flags }, settings, provider: flags.provider, cache: {} };
  const outputFormat = run.text === true ? 'text' : 'jsonl';
  const input = await openInput(source, deps);
  try {
    // What an earlier run answered (only read for now: nothing changes until the input is known to be good).
    const earlier = run.output === undefined || run.restart === true ? undefined : await readEarlier(run.output, outputFormat, false);
    const done = earlier?.done ?? new Set<string>();
    let skipped = 0;
    const check = localCheck(defaults);
    const checked = await checkInput(input.path, run.format, async (spec) => {
      if (done.has(spec.customId)) skipped += 1;
      await check(spec);
    }).catch((err: unknown) => {
      throw inputUnreadable(input, err);
    });
    if (checked.problems.length > 0) {
      for (const p of checked.problems) deps.io.stderr.write(`line ${p.line}: ${forTerminal(p.message)}\n`);
      const lines = new Set(checked.problems.map((p) => p.line)).size;
      const hints = [...new Set(checked.problems.flatMap((p) => (p.hint ? [p.hint] : [])))];
      throw new UsageError(`${lines} bad line${lines === 1 ? '' : 's'} in ${forTerminal(input.name)}: nothing was sent`, { hint: hints.length > 0 ? hints.slice(0, 3).join('; ') : undefined });
    }
    if (checked.count === 0) throw new UsageError(`no requests in ${forTerminal(input.name)}: it has no lines`, { hint: 'one prompt per line, or one JSON object per line' });
    const total = checked.count - skipped;
    if (run.dryRun) {
      const resumeNote = skipped > 0 ? `; ${skipped} already answered in ${forTerminal(run.output ?? '')}` : '';
      deps.io.stdout.write(`${checked.count} request${checked.count === 1 ? '' : 's'} in ${forTerminal(input.name)}, all valid${resumeNote}; ${total} would be sent (nothing was sent)\n`);
      return ExitCode.ok;
    }
    if (run.output !== undefined && earlier !== undefined && (earlier.failed > 0 || earlier.torn > 0)) await readEarlier(run.output, outputFormat, true);
    if (run.output !== undefined && run.restart === true) await truncate(run.output);

    const limiter = new Limiter({ max: run.concurrency, rpm: run.rpm, tpm: run.tpm, now: () => performance.now() });
    // Every attempt is watched, retries included: a 429 or 503 shrinks the window and pauses new requests.
    const watch = (inner: typeof fetch): typeof fetch => async (url, init) => {
      const sentAt = performance.now();
      const response = await inner(url, init);
      if (response.status === 429 || response.status === 503) limiter.throttled(sentAt, retryAfterMs(response.headers, Date.now()));
      return response;
    };
    const { client, secrets, timeoutMs, baseURL } = await connect(connection, settings, undefined, { ...run, dryRun: false }, deps, 'request', { watch });
    const context = { defaults, client, env: deps.io.env, baseURL, timeoutMs, secrets };

    const tally: Tally = { total, skipped, succeeded: 0, failed: 0, tokensIn: 0, tokensOut: 0, startedAt: deps.now() };
    const sink: LineSink = run.output === undefined ? streamSink(deps.io.stdout) : fileSink(run.output, deps.now);
    const ordered = run.ordered === true ? new OrderedSink(sink) : undefined;
    const progress = deps.io.stderr.isTTY && run.json !== true ? startProgress(deps.io.stderr, tally, limiter, deps.now) : undefined;
    const lines = pendingLines(input.path, run.format, done);
    let result;
    try {
      result = await runPool<LineSpec>({
        next: lines,
        send: (spec, signal) => sendLine(spec, context, signal),
        settle: (job, line, tokens) => {
          const text = line === null ? null : formatLine(line, run.text === true, job.item, deps);
          if (line !== null) {
            if (line.error === null) tally.succeeded += 1;
            else tally.failed += 1;
            tally.tokensIn += tokens.in;
            tally.tokensOut += tokens.out;
          }
          if (ordered) ordered.put(job.index, text);
          else if (text !== null) sink.write(text);
        },
        limiter,
        stop: deps.signal ?? new AbortController().signal,
        graceMs: Math.min(GRACE_MS, timeoutMs),
        roomFor: ordered ? () => ordered.size < Math.max(256, run.concurrency * 4) : undefined,
        maxTurns: MAX_TURNS,
      });
    } finally {
      progress?.stop();
      sink.close();
    }
    const summary = total === 0 ? `batch: nothing to send: all ${skipped} requests were answered earlier in ${run.output ?? ''} (--restart starts over)` : summaryLine(tally, limiter, deps.now(), run.output === undefined || run.text ? undefined : run.output);
    if (run.json === true) {
      deps.io.stderr.write(`${JSON.stringify({ batch: { total: tally.total, succeeded: tally.succeeded, failed: tally.failed, skipped: tally.skipped, output: run.output ?? null, interrupted: result.interrupted, concurrency: limiter.concurrency, lowest_concurrency: limiter.lowest } })}\n`);
    } else deps.io.stderr.write(`${forTerminal(summary)}\n`);
    if (result.fatal !== undefined) throw result.fatal;
    // The reader of stdout went away (`| head -1`): the rest is not wanted, and that is not a failure.
    if (result.interrupted && deps.signal?.reason instanceof OutputClosed) return ExitCode.ok;
    if (result.interrupted) {
      if (run.output !== undefined) deps.io.stderr.write(`resume with: ${forTerminal(resumeCommand(deps.argv))}\n`);
      else deps.io.stderr.write('hint: with -o FILE, running the same command again resumes where it stopped\n');
      return ExitCode.interrupted;
    }
    return tally.failed > 0 ? ExitCode.failure : ExitCode.ok;
  } finally {
    await input.dispose();
  }
}

/** The lines still to send, read from disk one at a time as the pool asks for them. */
function pendingLines(path: string, format: 'jsonl' | 'text' | undefined, done: ReadonlySet<string>): () => Promise<LineSpec | undefined> {
  const lines = readLines(path, format);
  return async () => {
    for (;;) {
      const next = await lines.next();
      if (next.done) return undefined;
      const { parsed } = next.value;
      if (parsed.ok && !done.has(parsed.spec.customId)) return parsed.spec;
    }
  };
}

function formatLine(line: BatchOutputLine, text: boolean, spec: LineSpec, deps: CommandDeps): string | null {
  if (!text) return jsonlLine(line);
  if (line.error === null) return textLine(line.custom_id, outputText(line.response?.body));
  // --text has no place for an error: it goes to stderr, and the line is left out (a re-run sends it again).
  deps.io.stderr.write(`line ${spec.number} (${forTerminal(line.custom_id)}): error: ${forTerminal(line.error.message)}\n`);
  return null;
}

async function openInput(source: string, deps: CommandDeps): Promise<InputFile> {
  if (source === '-' && deps.io.stdin.isTTY) throw new UsageError('batch run -: stdin is a terminal, not a file of prompts', { hint: 'pipe the lines in: cat prompts.jsonl | tfy-llm batch run -' });
  return inputFile(source, deps.io.stdin, deps.io.env);
}

async function truncate(path: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, '', { mode: 0o600 });
}

/** The same command line without --restart: running it again picks up where this one stopped. */
export function resumeCommand(argv: readonly string[] | undefined): string {
  const words = (argv ?? []).filter((word) => word !== '--restart');
  return ['tfy-llm', ...words].map(shellWord).join(' ');
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
