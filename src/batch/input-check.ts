// The input, read twice from disk: once to check every line (all problems reported by line number, and
// nothing sent while any remain), then again to send. Stdin is copied to a private temporary file first,
// so it can be read twice too, and memory stays flat either way.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { InvalidInput, type Problem } from '../errors/problems.ts';
import type { Env, InStream } from '../terminal/io.ts';
import { detectFormat, fileLines, isBlank, type InputFormat } from './input-lines.ts';
import { lineRequest, type LineDefaults } from './line-body.ts';
import { parseLine, type LineSpec, type ParsedLine } from './line-spec.ts';

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
export async function checkInput(path: string, format: InputFormat | undefined, check: (spec: LineSpec) => Promise<void>): Promise<CheckedInput> {
  const problems: LineProblem[] = [];
  const ids = new Map<string, number>();
  const assigned = new Set<number>();
  let count = 0;
  for await (const { number, parsed } of readLines(path, format)) {
    count += 1;
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((p) => ({ ...p, line: number })));
      continue;
    }
    const { spec } = parsed;
    // Assigned ids (`line-N`) are only remembered as line numbers: a 200,000-line file of prompts keeps no strings.
    const assignedOn = /^line-(\d+)$/.exec(spec.customId)?.[1];
    const first = ids.get(spec.customId) ?? (spec.ownId && assignedOn !== undefined && assigned.has(Number(assignedOn)) ? Number(assignedOn) : undefined);
    if (first !== undefined) problems.push({ line: number, message: `custom_id ${JSON.stringify(spec.customId)} is also on line ${first}`, hint: 'each line needs its own custom_id' });
    else if (spec.ownId) ids.set(spec.customId, number);
    else assigned.add(number);
    try {
      await check(spec);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      problems.push(...err.problems.map((p) => ({ ...p, line: number })));
    }
  }
  return { count, problems };
}

/** The check `batch run` makes: the line must be one it can send as `create` would. */
export function localCheck(defaults: LineDefaults): (spec: LineSpec) => Promise<void> {
  return async (spec) => {
    if (spec.url !== '/v1/responses') throw new InvalidInput([{ message: `"url" ${spec.url}: batch run sends to /v1/responses only`, hint: 'use batch submit --endpoint chat for chat completions' }]);
    await lineRequest(spec, defaults);
  };
}
