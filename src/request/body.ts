// How create's body goes on the wire. A body without large attachments is left to the openai client,
// which serialises it. One holding a FileDataUrl would cost several copies of the file in memory (the
// base64 string, the JSON text, its UTF-8 bytes), so its JSON is written to a private temporary file
// instead, each attachment streamed into it in base64, and the file is handed to the client as a Blob
// (file-body.ts), which upload.ts sends from disk. A Blob, unlike a stream, can be sent again: the client
// still retries a 429 or a 5xx with the whole body.
import { openAsBlob } from 'node:fs';
import { removeOnExit } from '../lifetime/remove-on-exit.ts';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../errors/errors.ts';
import { FileBody } from './file-body.ts';
import { FileDataUrl, writeDataUrl } from './file-data-url.ts';
import type { Env } from '../terminal/io.ts';
import { InvalidInput } from '../errors/problems.ts';

export interface RequestBody {
  /** Request options for the openai client: the Blob and its type, or nothing when the client serialises the body. */
  options: { body?: Blob; headers?: Record<string, string> };
  /** Removes the temporary file; every way out of the command must call it. */
  dispose(): Promise<void>;
}

const JSON_TYPE = 'application/json';

/** `env` is the command's: TMPDIR says where the temporary file goes. */
export async function requestBody(body: object, env: Env): Promise<RequestBody> {
  // Checked first, so a large --input-json body without attachments is not serialised twice.
  if (!holdsFileDataUrl(body)) return { options: {}, dispose: async () => {} };
  const { json, token, sources } = withMarkers(body);
  const dir = await mkdtemp(join(env.TMPDIR || tmpdir(), 'tfy-llm-body-')).catch((err: unknown) => {
    throw cannotWrite(env.TMPDIR || tmpdir(), err);
  });
  // A second Ctrl-C (process.exit), SIGTERM or SIGHUP end the process without running the command's
  // finally blocks: the body (the attachment, in base64) is removed then too.
  const forget = removeOnExit(dir);
  const dispose = async (): Promise<void> => {
    await rm(dir, { recursive: true, force: true });
    forget();
  };
  try {
    const path = join(dir, 'body.json');
    await writeBody(path, json.split(new RegExp(`"${token}(\\d+)"`)), sources).catch((err: unknown) => {
      throw err instanceof InvalidInput ? err : cannotWrite(dir, err);
    });
    const blob = new FileBody(path, await openAsBlob(path, { type: JSON_TYPE }));
    return { options: { body: blob, headers: { 'content-type': JSON_TYPE } }, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

function holdsFileDataUrl(value: unknown): boolean {
  if (value instanceof FileDataUrl) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsFileDataUrl);
}

/** The body's JSON with each large URL replaced by a marker string, and the URLs in marker order. */
function withMarkers(body: object): { json: string; token: string; sources: FileDataUrl[] } {
  for (;;) {
    const token = `tfy-llm-file-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}-`;
    const sources: FileDataUrl[] = [];
    const json = JSON.stringify(body, (_key, value: unknown) => {
      if (!(value instanceof FileDataUrl)) return value;
      sources.push(value);
      return `${token}${sources.length - 1}`;
    });
    // A prompt that happens to hold the token would be taken for a marker: pick another (never, in practice).
    if (json.split(token).length - 1 === sources.length) return { json, token, sources };
  }
}

/** `pieces` alternates JSON text and the index of the URL that goes between: text, index, text, …, text. */
async function writeBody(path: string, pieces: string[], sources: readonly FileDataUrl[]): Promise<void> {
  const out = await open(path, 'wx', 0o600);
  try {
    for (const [i, piece] of pieces.entries()) {
      const source = i % 2 === 1 ? sources[Number(piece)] : undefined;
      await (source ? writeDataUrl(out, source) : out.write(piece));
    }
  } finally {
    await out.close();
  }
}

function cannotWrite(where: string, err: unknown): CliError {
  const reason = (err as { code?: unknown }).code ?? (err instanceof Error ? err.message : String(err));
  return new CliError(`could not write the request body to a temporary file in ${where} (${String(reason)})`, {
    hint: 'free some disk space, or point TMPDIR at a folder with room',
    cause: err,
  });
}
