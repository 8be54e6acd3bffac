// The input, read twice from disk: once to check every line (all problems reported by line number, and
// nothing sent while any remain), then again to send. Stdin is copied to a private temporary file first,
// so it can be read twice too, and memory stays flat either way.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { UsageError } from '../errors/errors.ts';
import { InvalidInput, type Problem } from '../errors/problems.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import type { Env, InStream } from '../terminal/io.ts';
import { detectFormat, fileLines, isBlank, type InputFormat } from './input-lines.ts';
import { lineRequest, type LineDefaults } from './line-body.ts';
import { parseLine, type LineSpec, type ParsedLine } from './line-spec.ts';
import { IdIndex, LineSet, type IdHash } from './id-index.ts';

export interface InputFile {
  path: string;
  /** How to name it in messages: the path, or "stdin". */
  name: string;
  dispose(): Promise<void>;
}

/** A path as it is, or `-`: stdin copied into a 0600 file in a 0700 folder, removed by dispose(). */
export async function inputFile(source: string, stdin: InStream, env: Env): Promise<InputFile> {
  if (source !== '-') return { path: source, name: source, dispose: async () => {} };
  const dir = await mkdtemp(join(env.TMPDIR || tmpdir(), 'tfy-llm-batch-'));
  const path = join(dir, 'stdin');
  try {
    await pipeline(Readable.from(stdin), createWriteStream(path, { mode: 0o600 }));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { path, name: 'stdin', dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** A system error reading the input, as one usage error naming it (exit 2); anything else as it was. */
export function inputUnreadable(input: Pick<InputFile, 'name'>, err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return err;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : code;
  return new UsageError(`cannot read ${forTerminal(input.name)}: ${why}`);
}

export interface ReadLine {
  number: number;
  parsed: ParsedLine;
}

/** The non-blank lines, parsed in the format given or detected from the first of them. */
export async function* readLines(path: string, format: InputFormat | undefined): AsyncGenerator<ReadLine> {
  let chosen = format;
  for await (const line of fileLines(path)) {
    if (isBlank(line.text)) continue;
    chosen ??= detectFormat(line.text);
    yield { number: line.number, parsed: parseLine(line.number, line.text, chosen) };
  }
}

export interface LineProblem extends Problem {
  line: number;
}

export interface CheckedInput {
  /** Requests in the file. */
  count: number;
  problems: LineProblem[];
}

/** Every line checked as it will be sent (body built, files opened), and custom_ids unique across the file. */
export async function checkInput(path: string, format: InputFormat | undefined, check: (spec: LineSpec) => Promise<void>, hash?: IdHash): Promise<CheckedInput> {
  const problems: LineProblem[] = [];
  // The ids a line gives itself, by hash (id-index.ts); the lines whose id is assigned (`line-N`), one bit each.
  const own = new IdIndex(hash);
  const assigned = new LineSet();
  /** Lines whose id has the hash of an earlier line's: a duplicate if that line's id is the same. */
  const suspects: { line: number; first: number; id: string }[] = [];
  let count = 0;
  for await (const { number, parsed } of readLines(path, format)) {
    count += 1;
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((p) => ({ ...p, line: number })));
      continue;
    }
    const { spec } = parsed;
    if (spec.ownId) {
      // An own id `line-N` meets the id assigned to line N, when line N has none of its own.
      // (`line-02` is not line 2's id: only the id as assigned, `line-2`.)
      const assignedOn = /^line-([1-9]\d*)$/.exec(spec.customId)?.[1];
      if (assignedOn !== undefined && assigned.has(Number(assignedOn))) problems.push(duplicate(spec.customId, number, Number(assignedOn)));
      else for (const first of own.add(spec.customId, number)) suspects.push({ line: number, first, id: spec.customId });
    } else {
      assigned.add(number);
      for (const first of own.find(spec.customId)) suspects.push({ line: number, first, id: spec.customId });
    }
    try {
      await check(spec);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      problems.push(...err.problems.map((p) => ({ ...p, line: number })));
    }
  }
  if (suspects.length > 0) {
    const ids = await idsOnLines(path, format, new Set(suspects.map((s) => s.first)));
    const lines = new Set<number>();
    // Each line names the first line with its id: the suspects in order of line, then of that earlier line.
    suspects.sort((a, b) => a.line - b.line || a.first - b.first);
    for (const { line, first, id } of suspects) {
      // (One problem a line: the first earlier line with the same id.)
      if (ids.get(first) !== id || lines.has(line)) continue;
      lines.add(line);
      problems.push(duplicate(id, line, first));
    }
    problems.sort((a, b) => a.line - b.line);
  }
  return { count, problems };
}

function duplicate(id: string, line: number, first: number): LineProblem {
  return { line, message: `custom_id ${JSON.stringify(id)} is also on line ${first}`, hint: 'each line needs its own custom_id' };
}

/** The custom_ids of the given lines, read again from the file (only when two ids shared a hash). */
async function idsOnLines(path: string, format: InputFormat | undefined, wanted: ReadonlySet<number>): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  for await (const { number, parsed } of readLines(path, format)) {
    if (wanted.has(number) && parsed.ok) ids.set(number, parsed.spec.customId);
    if (ids.size === wanted.size) break;
  }
  return ids;
}

/** The check `batch run` makes: the line must be one it can send as `create` would. */
export function localCheck(defaults: LineDefaults): (spec: LineSpec) => Promise<void> {
  return async (spec) => {
    if (spec.url !== '/v1/responses') throw new InvalidInput([{ message: `"url" ${spec.url}: batch run sends to /v1/responses only`, hint: 'use batch submit --endpoint chat for chat completions' }]);
    await lineRequest(spec, defaults);
  };
}
