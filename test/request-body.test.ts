// The body file behind large attachments: its JSON, its base64 across chunk boundaries, its clean-up.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { imagePart } from '../src/request/attachments.ts';
import { FileDataUrl } from '../src/request/file-data-url.ts';
import { InvalidInput } from '../src/errors/problems.ts';
import { requestBody } from '../src/request/body.ts';
import { MAGIC, patterned } from './helpers/fixtures.ts';
import { ROOT, tempDir } from './helpers/run-cli.ts';

const CHUNK = 3 * 16 * 1024;

test('a body without large attachments is left to the openai client: no file, no options', async (t) => {
  const tmp = tempDir(t);
  const sent = await requestBody({ model: 'p/m', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,AA==' }] }] }, { TMPDIR: tmp });
  assert.deepEqual(sent.options, {});
  assert.deepEqual(readdirSync(tmp), []);
});

test('the body file is JSON.stringify of the body, whatever the file size around chunk boundaries', async (t) => {
  const dir = tempDir(t);
  const tmp = tempDir(t);
  for (const size of [1, 2, 3, 4, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 2]) {
    const path = join(dir, `f${size}`);
    const bytes = patterned(Buffer.alloc(0), size);
    writeFileSync(path, bytes);
    // A prompt that looks like a marker must stay a prompt.
    const body = (url: unknown) => ({ model: 'p/m', input: [{ content: [{ text: '"tfy-llm-file-0-0" ☃' }, { image_url: url }, { file_data: url }] }] });
    const sent = await requestBody(body(new FileDataUrl('image/png', path, size, `--image ${path}`)), { TMPDIR: tmp });
    try {
      assert.ok(sent.options.body instanceof Blob);
      assert.equal(await sent.options.body.text(), JSON.stringify(body(`data:image/png;base64,${bytes.toString('base64')}`)), `size ${size}`);
      assert.equal(sent.options.headers?.['content-type'], 'application/json');
    } finally {
      await sent.dispose();
    }
  }
  assert.deepEqual(readdirSync(tmp), []);
});

test('a file that changed since it was checked is a usage error naming it, and leaves nothing behind', async (t) => {
  const dir = tempDir(t);
  const tmp = tempDir(t);
  const path = join(dir, 'shrunk.png');
  writeFileSync(path, patterned(MAGIC.png, 200_000));
  const stale = new FileDataUrl('image/png', path, 300_000, `--image ${path}`);
  await assert.rejects(requestBody({ input: stale }, { TMPDIR: tmp }), (err: unknown) => {
    assert.ok(err instanceof InvalidInput);
    assert.equal(err.message, `--image ${path}: the file changed after it was checked`);
    return true;
  });
  truncateSync(path, 400_000);
  await assert.rejects(requestBody({ input: stale }, { TMPDIR: tmp }), /the file changed after it was checked/);
  assert.deepEqual(readdirSync(tmp), []);
});

test('a process that exits at once (a second Ctrl-C) still removes the body file', (t) => {
  const dir = tempDir(t);
  const tmp = tempDir(t);
  const path = join(dir, 'big.png');
  writeFileSync(path, patterned(MAGIC.png, 100_000));
  const script = `
    const { requestBody } = await import(${JSON.stringify(join(ROOT, 'src/request/body.ts'))});
    const { FileDataUrl } = await import(${JSON.stringify(join(ROOT, 'src/request/file-data-url.ts'))});
    await requestBody({ input: new FileDataUrl('image/png', ${JSON.stringify(path)}, 100000, '-i x') }, { TMPDIR: ${JSON.stringify(tmp)} });
    console.log(process.getBuiltinModule('node:fs').readdirSync(${JSON.stringify(tmp)}).length);
    process.exit(130);`;
  let printed = '';
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  } catch (err) {
    printed = (err as { stdout: string; status: number }).stdout;
    assert.equal((err as { status: number }).status, 130);
  }
  assert.equal(printed.trim(), '1', 'the body file existed before the exit');
  assert.deepEqual(readdirSync(tmp), []);
});

test('a large local image is checked but not read; a pipe (which cannot be read twice) is still read into memory', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'big.png');
  writeFileSync(path, MAGIC.png);
  truncateSync(path, 1024 * 1024 + 1);
  const part = await imagePart(path, 'low');
  assert.ok(part.image_url instanceof FileDataUrl);
  assert.deepEqual({ ...part.image_url }, { mediaType: 'image/png', path, size: 1024 * 1024 + 1, named: `--image ${path}` });
  assert.equal(part.detail, 'low');

  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const bytes = patterned(MAGIC.png, 1536 * 1024);
  const { createWriteStream } = await import('node:fs');
  createWriteStream(fifo).end(bytes);
  const piped = await imagePart(fifo, 'auto');
  assert.equal(piped.image_url, `data:image/png;base64,${bytes.toString('base64')}`);
});
