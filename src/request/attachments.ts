// -i and -f: images and documents as input content parts, checked before anything is sent.
import { basename } from 'node:path';
import type { Attachment } from '../spec/parsers.ts';
import { imageType, isPdf } from './file-types.ts';
import { FileDataUrl } from './file-data-url.ts';
import { checkLocalFile, MB, type FileOnDisk } from './local-file.ts';
import { checkAll, problem } from '../errors/problems.ts';

/**
 * 20 MB per attached file: OpenAI accepts up to 50 MB per request and gateways and proxies in front of it
 * often cap bodies lower; base64 makes a file a third bigger on the wire. A clear message beats a 413.
 */
export const MAX_ATTACHMENT_BYTES = 20 * MB;

/** Files up to this size are sent inline, as a string; bigger ones go from disk into the body (request-body.ts). */
const INLINE_ATTACHMENT_BYTES = 1 * MB;

export type ImageDetail = 'low' | 'high' | 'auto';

export interface ImagePart {
  type: 'input_image';
  image_url: string | FileDataUrl;
  // The official schema requires `detail` on input_image, so it is always sent.
  detail: ImageDetail;
}

export type FilePart =
  | { type: 'input_file'; filename: string; file_data: string | FileDataUrl }
  | { type: 'input_file'; file_url: string };

export type AttachmentPart = ImagePart | FilePart;

const isWebUrl = (ref: string): boolean => /^https?:\/\//i.test(ref);
const isDataUrl = (ref: string): boolean => /^data:/i.test(ref);

/** Images and files in command-line order; every bad one is reported, not just the first. */
export async function attachmentParts(
  images: readonly Attachment[],
  files: readonly Attachment[],
  detail: ImageDetail = 'auto',
  stdinBytes?: () => Promise<Buffer>,
  signal?: AbortSignal,
): Promise<AttachmentPart[]> {
  const stdinImages = images.filter((a) => a.ref === '-').length;
  if (stdinImages > 1) throw problem('-i - is given more than once: stdin holds one image');
  const all = [
    ...images.map((a) => ({ ...a, read: () => (a.ref === '-' && stdinBytes ? stdinImagePart(stdinBytes, detail) : imagePart(a.ref, detail, signal)) })),
    ...files.map((a) => ({ ...a, read: () => filePart(a.ref, signal) })),
  ].sort((a, b) => a.position - b.position);
  return checkAll<AttachmentPart[]>(all.map((a) => a.read));
}

export async function imagePart(ref: string, detail: ImageDetail, signal?: AbortSignal): Promise<ImagePart> {
  if (isWebUrl(ref) || isDataUrl(ref)) return { type: 'input_image', image_url: ref, detail };
  let type: string | undefined;
  const bytes = await checkLocalFile(ref, {
    flag: '--image',
    signal,
    maxBytes: MAX_ATTACHMENT_BYTES,
    readUpTo: INLINE_ATTACHMENT_BYTES,
    checkHead: (head) => {
      type = imageType(head);
      if (type) return;
      const hint = isPdf(head) ? 'attach PDF documents with -f/--file' : 'convert it to PNG or JPEG, or pass an http(s) URL';
      throw problem(`--image ${ref}: not a PNG, JPEG, WebP or GIF image`, hint);
    },
  });
  return { type: 'input_image', image_url: dataUrl(type ?? 'application/octet-stream', bytes, `--image ${ref}`), detail };
}

/** `-i -`: the image piped on stdin, checked like a file (its bytes, its size), sent inline. */
async function stdinImagePart(read: () => Promise<Buffer>, detail: ImageDetail): Promise<ImagePart> {
  const bytes = await read();
  if (bytes.length === 0) throw problem('-i -: nothing on stdin', 'pipe the image in: cat shot.png | tfy-llm create "describe it" -i -');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw problem(`-i -: ${(bytes.length / MB).toFixed(1)} MB on stdin, over the ${MAX_ATTACHMENT_BYTES / MB} MB limit per file`);
  const type = imageType(bytes.subarray(0, 1024));
  if (!type) throw problem('-i -: stdin is not a PNG, JPEG, WebP or GIF image', isPdf(bytes.subarray(0, 1024)) ? 'attach PDF documents with -f/--file' : 'convert it to PNG or JPEG');
  return { type: 'input_image', image_url: `data:${type};base64,${bytes.toString('base64')}`, detail };
}

export async function filePart(ref: string, signal?: AbortSignal): Promise<FilePart> {
  if (isWebUrl(ref)) return { type: 'input_file', file_url: ref };
  if (isDataUrl(ref)) return { type: 'input_file', filename: 'document.pdf', file_data: ref };
  const bytes = await checkLocalFile(ref, {
    flag: '--file',
    signal,
    maxBytes: MAX_ATTACHMENT_BYTES,
    readUpTo: INLINE_ATTACHMENT_BYTES,
    checkHead: (head) => {
      if (isPdf(head)) return;
      const hint = imageType(head) ? 'attach images with -i/--image' : 'only PDF documents can be attached with -f/--file';
      throw problem(`--file ${ref}: not a PDF document`, hint);
    },
  });
  return { type: 'input_file', filename: basename(ref), file_data: dataUrl('application/pdf', bytes, `--file ${ref}`) };
}

/** Base64 straight from the file's buffer (one string, no intermediate copies), or the file left on disk. */
function dataUrl(mediaType: string, bytes: Buffer | FileOnDisk, named: string): string | FileDataUrl {
  if (!Buffer.isBuffer(bytes)) return new FileDataUrl(mediaType, bytes.path, bytes.size, named);
  return `data:${mediaType};base64,${bytes.toString('base64')}`;
}
