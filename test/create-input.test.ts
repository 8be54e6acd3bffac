// create's input: prompt words and stdin, images and documents, --input-json; all checked before sending.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { openFailure } from '../src/request/local-file.ts';
import { withGateway } from './helpers/fake-gateway.ts';
import { dataUrlOf, writeFixtures } from './helpers/fixtures.ts';
import { CaptureStream, KEY, runCli, tempDir } from './helpers/run-cli.ts';

const envFor = (url: string) => ({ TFY_LLM_BASE_URL: url, TFY_API_KEY: KEY });
const M = ['-m', 'p/gpt-4o'];

test('stdin alone is the prompt; with words it comes first, then a blank line, then the words', async (t) => {
  const gw = await withGateway(t);
  const alone = await runCli(['create', ...M], { env: envFor(gw.url), stdin: 'piped text\n\n' });
  assert.equal(alone.code, 0, alone.stderr);
  assert.deepEqual(gw.requests[0]?.body, { model: 'p/gpt-4o', input: 'piped text' });
  const both = await runCli(['create', 'review', 'this', ...M], { env: envFor(gw.url), stdin: 'diff --git a b\n' });
  assert.equal(both.code, 0, both.stderr);
  assert.equal((gw.requests[1]?.body as { input: string }).input, 'diff --git a b\n\nreview this');
  const dash = await runCli(['create', '-', ...M], { env: envFor(gw.url), stdin: 'only stdin' });
  assert.equal(dash.code, 0, dash.stderr);
  assert.equal((gw.requests[2]?.body as { input: string }).input, 'only stdin');
});

test('"-" with nothing on stdin, or empty stdin and no words, is exit 2 and sends nothing', async (t) => {
  const gw = await withGateway(t);
  for (const [argv, stdin] of [[['create', '-', ...M], undefined], [['create', ...M], '  \n'], [['create', '-', ...M], '']] as const) {
    const result = await runCli([...argv], { env: envFor(gw.url), stdin });
    assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /^error: no prompt given\nhint: /);
  }
  assert.equal(gw.requests.length, 0);
});

test('an open terminal on stdin is never waited on', async (t) => {
  const gw = await withGateway(t);
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  // A terminal nobody types into: reading it would hang this test.
  const stdin = { isTTY: true, [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Buffer>>(() => {}) }) };
  const result = await runCli(['create', 'hi', ...M], { env: envFor(gw.url), extraDeps: { io: { stdout, stderr, stdin, env: envFor(gw.url) } } });
  assert.equal(result.code, 0);
  assert.equal((gw.requests[0]?.body as { input: string }).input, 'hi');
});

test('images are typed by their bytes and sent as data URLs with detail "auto"; URLs pass through', async (t) => {
  const gw = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  const result = await runCli(
    ['create', 'what', 'is', 'this', ...M, '-i', f.pngNamedJpg, '-i', f.jpeg, '-i', f.gif, '-i', f.webp, '-i', 'https://img.example/cat.png', '-i', 'data:image/png;base64,iVBORw0KGgo='],
    { env: envFor(gw.url) },
  );
  assert.equal(result.code, 0, result.stderr);
  const image = (type: string, path: string) => ({ type: 'input_image', image_url: dataUrlOf(type, readFileSync(path)), detail: 'auto' });
  assert.deepEqual(gw.requests[0]?.body, {
    model: 'p/gpt-4o',
    input: [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'what is this' },
          image('image/png', f.pngNamedJpg),
          image('image/jpeg', f.jpeg),
          image('image/gif', f.gif),
          image('image/webp', f.webp),
          { type: 'input_image', image_url: 'https://img.example/cat.png', detail: 'auto' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' },
        ],
      },
    ],
  });
  assert.match(result.stdout, /You sent \*3 words\*, 6 images/);
});

test('--image-detail applies to every image', async (t) => {
  const gw = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  const result = await runCli(['create', 'x', ...M, '-i', f.gif, '-i', 'http://img.example/a.gif', '--image-detail', 'low'], { env: envFor(gw.url) });
  assert.equal(result.code, 0, result.stderr);
  const content = (gw.requests[0]?.body as { input: [{ content: { detail?: string }[] }] }).input[0].content;
  assert.deepEqual(content.slice(1).map((part) => part.detail), ['low', 'low']);
});

test('PDFs become input_file with the file name and a data URL; URLs become file_url; order is the command line\'s', async (t) => {
  const gw = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  const result = await runCli(
    ['create', 'compare', ...M, '-f', f.pdf, '-i', f.gif, '-f', 'https://docs.example/terms.pdf', '-i', 'https://img.example/b.png', '-f', 'data:application/pdf;base64,JVBERi0='],
    { env: envFor(gw.url) },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual((gw.requests[0]?.body as { input: unknown }).input, [
    {
      role: 'user',
      content: [
        { type: 'input_text', text: 'compare' },
        { type: 'input_file', filename: 'report.pdf', file_data: dataUrlOf('application/pdf', readFileSync(f.pdf)) },
        { type: 'input_image', image_url: dataUrlOf('image/gif', readFileSync(f.gif)), detail: 'auto' },
        { type: 'input_file', file_url: 'https://docs.example/terms.pdf' },
        { type: 'input_image', image_url: 'https://img.example/b.png', detail: 'auto' },
        // A data: URL has no file name; the API wants one with file_data.
        { type: 'input_file', filename: 'document.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
      ],
    },
  ]);
});

test('--input-json replaces the whole input, from a file or from stdin', async (t) => {
  const gw = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  const fromFile = await runCli(['create', ...M, '--input-json', f.inputJson], { env: envFor(gw.url), stdin: 'ignored: not read' });
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.deepEqual(gw.requests[0]?.body, { model: 'p/gpt-4o', input: [{ role: 'user', content: 'from a file' }] });
  const items = [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'answer' }, { role: 'user', content: 'second' }];
  const fromStdin = await runCli(['create', ...M, '--input-json', '-'], { env: envFor(gw.url), stdin: JSON.stringify(items) });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.deepEqual((gw.requests[1]?.body as { input: unknown }).input, items);
});

interface BadCase {
  name: string;
  argv: (f: ReturnType<typeof writeFixtures>) => string[];
  stdin?: string;
  error: RegExp;
}

const BAD_INPUTS: BadCase[] = [
  { name: 'missing image', argv: (f) => ['-i', f.missing], error: /^error: --image \S+nowhere\.png: no such file$/m },
  { name: 'empty image', argv: (f) => ['-i', f.empty], error: /^error: --image \S+empty\.png: the file is empty$/m },
  { name: 'directory', argv: (f) => ['-i', f.folder], error: /^error: --image \S+folder\.png: is a directory, not a file$/m },
  { name: 'text named .png', argv: (f) => ['-i', f.text], error: /^error: --image \S+notes\.png: not a PNG, JPEG, WebP or GIF image$/m },
  { name: 'PDF as an image', argv: (f) => ['-i', f.pdf], error: /not a PNG, JPEG, WebP or GIF image\nhint: attach PDF documents with -f\/--file/ },
  { name: 'image as a file', argv: (f) => ['-f', f.gif], error: /^error: --file \S+anim\.gif: not a PDF document\nhint: attach images with -i\/--image/ },
  { name: 'missing PDF', argv: (f) => ['-f', `${f.dir}/none.pdf`], error: /^error: --file \S+none\.pdf: no such file$/m },
  { name: 'over the size limit', argv: (f) => ['-i', f.huge], error: /^error: --image \S+huge\.png: is 20\.0 MB, over the 20 MB limit per file\nhint: /m },
  { name: 'missing --input-json file', argv: (f) => ['--input-json', `${f.dir}/gone.json`], error: /^error: --input-json \S+gone\.json: no such file$/m },
  { name: 'malformed --input-json file', argv: (f) => ['--input-json', f.badJson], error: /^error: --input-json \S+bad\.json: not valid JSON \(/ },
  { name: '--input-json not JSON', argv: () => ['--input-json', '-'], stdin: '[{"role": "user",', error: /^error: --input-json -: not valid JSON \(/ },
  { name: '--input-json not an array', argv: () => ['--input-json', '-'], stdin: '{"role": "user", "content": "hi"}', error: /--input-json -: expected a JSON array of input items/ },
  { name: '--input-json with a non-object item', argv: () => ['--input-json', '-'], stdin: '[{"role": "user", "content": "hi"}, 3]', error: /--input-json -: item 1 is not a JSON object/ },
  { name: '--input-json with a prompt', argv: (f) => ['hello', '--input-json', f.inputJson], error: /--input-json replaces the whole input: drop a prompt/ },
  { name: '--input-json with an image', argv: (f) => ['--input-json', f.inputJson, '-i', f.gif], error: /--input-json replaces the whole input: drop --image/ },
];

test('bad attachments and input are exit 2, name the file, and send nothing', async (t) => {
  const gw = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  for (const bad of BAD_INPUTS) {
    const argv = bad.argv(f);
    const prompt = argv.includes('--input-json') ? [] : ['describe'];
    const result = await runCli(['create', ...prompt, ...M, ...argv], { env: envFor(gw.url), stdin: bad.stdin });
    assert.equal(result.code, 2, `${bad.name}: ${result.stderr}`);
    assert.match(result.stderr, bad.error, bad.name);
    assert.equal(result.stderr.match(/^error:/gm)?.length, 1, `${bad.name}: one error line`);
    assert.doesNotMatch(result.stderr, /\n\s+at /, `${bad.name}: no stack trace`);
    assert.equal(result.stdout, '');
  }
  assert.equal(gw.requests.length, 0);
});

test('every bad file is reported at once, in one error line', async (t) => {
  const gw = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  const result = await runCli(['create', 'x', ...M, '-i', f.missing, '-i', f.text, '-f', f.gif, '-i', f.folder], { env: envFor(gw.url) });
  assert.equal(result.code, 2);
  const [line] = result.stderr.split('\n');
  assert.match(line ?? '', /nowhere\.png: no such file; --image \S+notes\.png: not a PNG.*; --file \S+anim\.gif: not a PDF document; --image \S+folder\.png: is a directory/);
  assert.equal(gw.requests.length, 0);
});

test('an unreadable file is named with "permission denied"', async (t) => {
  assert.equal(openFailure(Object.assign(new Error('x'), { code: 'EACCES' })), 'permission denied');
  if (process.getuid?.() === 0) return t.skip('root reads any file: the message mapping above is what can be checked');
  const gw = await withGateway(t);
  const f = writeFixtures(tempDir(t));
  const { chmodSync } = await import('node:fs');
  chmodSync(f.gif, 0o000);
  const result = await runCli(['create', 'x', ...M, '-i', f.gif], { env: envFor(gw.url) });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: --image \S+anim\.gif: permission denied/);
  assert.equal(gw.requests.length, 0);
});
