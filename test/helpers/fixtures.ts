// Small files for attachment tests, typed by their first bytes (the rest is filler).
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAGIC = {
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  gif: Buffer.from('GIF89a'),
  webp: Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]),
  pdf: Buffer.from('%PDF-1.7\n'),
};

export interface Fixtures {
  dir: string;
  /** A PNG whose name says JPEG: the bytes decide. */
  pngNamedJpg: string;
  jpeg: string;
  gif: string;
  webp: string;
  pdf: string;
  text: string;
  empty: string;
  folder: string;
  missing: string;
  /** A PNG over the 20 MB limit (sparse: costs no disk). */
  huge: string;
  /** A PNG and a PDF over the 1 MB inline limit, so they are sent from disk (sparse too). */
  largePng: string;
  largePdf: string;
  schema: string;
  inputJson: string;
  /** Not JSON at all. */
  badJson: string;
}

export function writeFixtures(dir: string): Fixtures {
  const file = (name: string, bytes: Buffer | string): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const filler = Buffer.from('some bytes after the header');
  const sparse = (name: string, head: Buffer, size: number): string => {
    const path = file(name, head);
    truncateSync(path, size);
    return path;
  };
  const folder = join(dir, 'folder.png');
  mkdirSync(folder);
  return {
    dir,
    pngNamedJpg: file('photo.jpg', Buffer.concat([MAGIC.png, filler])),
    jpeg: file('picture.png', Buffer.concat([MAGIC.jpeg, filler])),
    gif: file('anim.gif', Buffer.concat([MAGIC.gif, filler])),
    webp: file('pic.webp', Buffer.concat([MAGIC.webp, filler])),
    pdf: file('report.pdf', Buffer.concat([MAGIC.pdf, filler])),
    text: file('notes.png', 'just text, not an image\n'),
    empty: file('empty.png', ''),
    folder,
    missing: join(dir, 'nowhere.png'),
    huge: sparse('huge.png', MAGIC.png, 20 * 1024 * 1024 + 1),
    largePng: sparse('large.png', MAGIC.png, 1024 * 1024 + 1),
    largePdf: sparse('large.pdf', MAGIC.pdf, 1024 * 1024 + 2),
    schema: file('person.schema.json', JSON.stringify({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false })),
    inputJson: file('input.json', JSON.stringify([{ role: 'user', content: 'from a file' }])),
    badJson: file('bad.json', '{"type": "object",,}'),
  };
}

/** The data URL a file should be sent as. */
export function dataUrlOf(mediaType: string, bytes: Buffer): string {
  return `data:${mediaType};base64,${bytes.toString('base64')}`;
}

/** `size` bytes after `head` that vary (base64 of zeros would hide a misplaced chunk), the same every run. */
export function patterned(head: Buffer, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7919 + (i >> 8)) & 0xff;
  head.copy(bytes);
  return bytes;
}
