// The custom_ids of a job, one per line beside its record: written as the input is split (so a
// line's id is kept in the order it was read), read back by `results` to find requests with no result.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { BufferedFile } from './buffered-file.ts';
import type { Env } from '../terminal/io.ts';
import { idsPath, jobsDir } from './jobs.ts';

export interface IdsWriter {
  add(id: string): Promise<void>;
  close(): Promise<void>;
  remove(): Promise<void>;
}

export async function writeJobIds(env: Env, jobId: string): Promise<IdsWriter> {
  await mkdir(jobsDir(env), { recursive: true, mode: 0o700 });
  const path = idsPath(env, jobId);
  const file = await BufferedFile.create(path, 'w');
  return {
    async add(id) {
      // An id holding a newline would split into two: JSON-encode those (none of the usual ids need it).
      await file.write(/[\r\n]/.test(id) || id.startsWith('"') ? `${JSON.stringify(id)}\n` : `${id}\n`);
    },
    async close() {
      await file.close();
    },
    async remove() {
      await file.discard();
      await rm(path, { force: true });
    },
  };
}

/** The ids in input order, or undefined when the file is gone. */
export async function readJobIds(env: Env, jobId: string): Promise<string[] | undefined> {
  let text: string;
  try {
    text = await readFile(idsPath(env, jobId), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line.startsWith('"') ? (JSON.parse(line) as string) : line));
}
