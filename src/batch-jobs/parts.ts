// Splitting a job's requests into parts the gateway accepts: at most 50,000 lines and 50 MB of JSONL
// each (its documented limit for a batch file). Each part is written to a private temporary file as
// the whole multipart/form-data body of its upload, the JSONL between the form's header and trailer,
// so the upload is sent from disk as it is, without a copy in memory (see upload.ts).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FileDataUrl, writeDataUrl } from '../request/file-data-url.ts';
import { BufferedFile } from './buffered-file.ts';
import { UsageError } from '../errors/errors.ts';

export interface PartLimits {
  maxLines: number;
  maxBytes: number;
}

// 50 MB read the smaller way (10^6 bytes, not 2^20): a part fits whichever the gateway means.
export const DEFAULT_PART_LIMITS: PartLimits = { maxLines: 50_000, maxBytes: 50_000_000 };

/** One request, as a line of a batch input file. */
export interface BatchRequestLine {
  /** Its line in the input, 1-based. */
  line: number;
  customId: string;
  /** `{custom_id, method, url, body}`. */
  request: object;
}

export interface WrittenPart {
  index: number;
  first_line: number;
  last_line: number;
  requests: number;
  /** Of the JSONL alone. */
  bytes: number;
  /** The multipart body's file, when written; its content type names the boundary. */
  path: string | undefined;
  contentType: string;
  filename: string;
}

export interface SplitOptions {
  limits: PartLimits;
  /** Where the part files go; undefined: count only (--dry-run). */
  dir: string | undefined;
  /** The upload's file name stem, e.g. the input's base name. */
  stem: string;
  /** Called with each custom_id in order, so the job can keep them. */
  onId?: ((customId: string) => Promise<void>) | undefined;
}

export async function splitIntoParts(requests: AsyncIterable<BatchRequestLine>, options: SplitOptions): Promise<WrittenPart[]> {
  const { limits } = options;
  const parts: WrittenPart[] = [];
  let current: OpenPart | undefined;
  for await (const item of requests) {
    const text = serialise(item.request);
    const size = text.size;
    if (size > limits.maxBytes) {
      throw new UsageError(`line ${item.line} is ${formatBytes(size)} as a batch request: a batch file holds at most ${formatBytes(limits.maxBytes)}`, {
        hint: 'attach large files by https:// URL instead of inline, or send this prompt with tfy-llm create',
      });
    }
    if (current && (current.part.requests >= limits.maxLines || current.part.bytes + size > limits.maxBytes)) {
      await current.close();
      current = undefined;
    }
    if (!current) {
      current = await openPart(parts.length + 1, item.line, options);
      parts.push(current.part);
    }
    await current.add(text, size, item.line);
    await options.onId?.(item.customId);
  }
  await current?.close();
  return parts;
}

/**
 * A request as its JSONL line, in pieces: JSON text, and the large attachments (FileDataUrl: a data: URL
 * too big to hold in memory) that go between, streamed from their files when the line is written.
 */
interface Serialised {
  pieces: (string | FileDataUrl)[];
  size: number;
}

function serialise(request: object): Serialised {
  const sources: FileDataUrl[] = [];
  const marker = `\u0000tfy-llm-data-${Math.random().toString(36).slice(2)}-`;
  const json = JSON.stringify(request, (_key, value: unknown) => {
    if (!(value instanceof FileDataUrl)) return value;
    sources.push(value);
    return `${marker}${sources.length - 1}`;
  });
  if (sources.length === 0) return { pieces: [`${json}\n`], size: Buffer.byteLength(json) + 1 };
  // The marker starts with a NUL, which JSON writes escaped: no text of the request can look like one.
  const split = json.split(new RegExp(`"${marker.replace('\u0000', '\\\\u0000')}(\\d+)"`));
  const pieces: (string | FileDataUrl)[] = split.map((piece, i) => (i % 2 === 1 ? (sources[Number(piece)] as FileDataUrl) : piece));
  pieces.push('\n');
  const size = pieces.reduce<number>((sum, piece) => sum + (typeof piece === 'string' ? Buffer.byteLength(piece) : dataUrlLength(piece)), 0);
  return { pieces, size };
}

/** The URL as a JSON string: quotes, the prefix, and the base64 of the file. */
function dataUrlLength(source: FileDataUrl): number {
  return 2 + source.prefix().length + Math.ceil(source.size / 3) * 4;
}

interface OpenPart {
  part: WrittenPart;
  add(text: Serialised, size: number, line: number): Promise<void>;
  close(): Promise<void>;
}

async function openPart(index: number, firstLine: number, options: SplitOptions): Promise<OpenPart> {
  const boundary = `tfy-llm-${randomBytes(12).toString('hex')}`;
  const filename = `${safeStem(options.stem)}.part-${index}.jsonl`;
  const path = options.dir === undefined ? undefined : join(options.dir, `part-${index}.multipart`);
  const part: WrittenPart = {
    index,
    first_line: firstLine,
    last_line: firstLine,
    requests: 0,
    bytes: 0,
    path,
    contentType: `multipart/form-data; boundary=${boundary}`,
    filename,
  };
  const file = path === undefined ? undefined : await BufferedFile.create(path);
  const write = async (text: string): Promise<void> => {
    await file?.write(text);
  };
  await write(
    `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/jsonl\r\n\r\n`,
  );
  return {
    part,
    async add(text, size, line) {
      part.requests += 1;
      part.bytes += size;
      part.last_line = line;
      for (const piece of text.pieces) {
        if (typeof piece === 'string') await write(piece);
        else await file?.direct((handle) => writeDataUrl(handle, piece));
      }
    },
    async close() {
      await write(`\r\n--${boundary}--\r\n`);
      await file?.close();
    },
  };
}

/** A file name that needs no escaping in a multipart header: ASCII letters, digits, `.`, `-`, `_`. */
function safeStem(stem: string): string {
  const cleaned = stem.replace(/\.(jsonl?|txt)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return cleaned === '' || cleaned === '-' ? 'stdin' : cleaned;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
