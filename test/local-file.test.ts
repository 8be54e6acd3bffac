// Reading attachments: magic bytes decide the type; pipes (`-i <(curl …)`) work and are size-limited too.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { imagePart } from '../src/request/attachments.ts';
import { imageType, isPdf } from '../src/request/file-types.ts';
import { readLocalFile } from '../src/request/local-file.ts';
import { InvalidInput } from '../src/errors/problems.ts';
import { MAGIC } from './helpers/fixtures.ts';
import { tempDir } from './helpers/run-cli.ts';

test('image types come from the first bytes only', () => {
  assert.equal(imageType(MAGIC.png), 'image/png');
  assert.equal(imageType(MAGIC.jpeg), 'image/jpeg');
  assert.equal(imageType(Buffer.from('GIF87a...')), 'image/gif');
  assert.equal(imageType(MAGIC.webp), 'image/webp');
  // A RIFF that is not WebP (a WAV sound) and a truncated PNG signature are not images.
  assert.equal(imageType(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ')), undefined);
  assert.equal(imageType(MAGIC.png.subarray(0, 5)), undefined);
  assert.equal(isPdf(Buffer.from('%PDF-1.4')), true);
  assert.equal(isPdf(Buffer.concat([Buffer.alloc(100, 0x20), Buffer.from('%PDF-2.0')])), true);
  assert.equal(isPdf(Buffer.from('%PS-Adobe')), false);
});

/** A named pipe fed with `bytes`, like the path bash gives `<(…)`. */
function pipeOf(dir: string, bytes: Buffer): string {
  const path = join(dir, 'fifo');
  execFileSync('mkfifo', [path]);
  // The reader may stop early (over the limit): the writer's broken pipe is expected then.
  createWriteStream(path).on('error', () => {}).end(bytes);
  return path;
}

test('an image from a pipe is read to its end and typed by its bytes', async (t) => {
  const bytes = Buffer.concat([MAGIC.png, Buffer.alloc(300_000, 1)]);
  const part = await imagePart(pipeOf(tempDir(t), bytes), 'auto');
  assert.equal(part.image_url, `data:image/png;base64,${bytes.toString('base64')}`);
});

test('a pipe over the limit is refused without reading it all into memory', async (t) => {
  const path = pipeOf(tempDir(t), Buffer.concat([MAGIC.png, Buffer.alloc(2 * 1024 * 1024)]));
  await assert.rejects(readLocalFile(path, { flag: '--image', maxBytes: 1024 * 1024 }), (err: unknown) => {
    assert.ok(err instanceof InvalidInput);
    assert.match(err.message, /^--image \S+fifo: over the 1 MB limit per file$/);
    return true;
  });
});
