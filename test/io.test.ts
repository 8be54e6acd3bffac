// The process's outputs: straight to a pipe or file descriptor, with Node's stream only as a fallback.
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { directOutput, type ByteOutput, type FdCalls } from '../src/terminal/io.ts';
import { tempDir } from './helpers/run-cli.ts';

/** A stand-in for Node's stream: records what reaches it. */
function recorder(): ByteOutput & { chunks: string[] } {
  const chunks: string[] = [];
  return { chunks, write: (chunk) => (chunks.push(Buffer.from(chunk).toString('utf8')), true) };
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

test('a direct output writes every byte to its descriptor, resuming after short writes', () => {
  const written: Buffer[] = [];
  // At most 3 bytes per call, as a pipe under pressure may take.
  const fs: FdCalls = { writeSync: (_fd, buffer) => (written.push(Buffer.from(buffer.subarray(0, 3))), Math.min(3, buffer.length)) };
  const out = directOutput(1, () => assert.fail('no fallback needed'), () => assert.fail('not closed'), fs);
  assert.equal(out.write('héllo, wörld'), true);
  assert.equal(Buffer.concat(written).toString('utf8'), 'héllo, wörld');
  assert.equal(out.isTTY, false);
  assert.equal(out.destroyed, false);
});

test('EAGAIN (a non-blocking descriptor) hands the unwritten rest and every later write to the stream, in order', () => {
  const written: Buffer[] = [];
  let calls = 0;
  const fs: FdCalls = {
    writeSync(_fd, buffer) {
      calls += 1;
      if (calls === 1) return (written.push(Buffer.from(buffer.subarray(0, 4))), 4);
      throw errno('EAGAIN');
    },
  };
  const stream = recorder();
  let fallbacks = 0;
  const out = directOutput(1, () => ((fallbacks += 1), stream), () => assert.fail('not closed'), fs);
  out.write('one two');
  out.write(' three');
  assert.equal(Buffer.concat(written).toString('utf8'), 'one ');
  assert.deepEqual(stream.chunks, ['two', ' three']);
  assert.equal(fallbacks, 1);
  assert.equal(calls, 2, 'once on the stream, the descriptor is left alone');
});

test('EPIPE closes the output once: later writes are dropped and the owner hears about it once', () => {
  let closes = 0;
  const fs: FdCalls = { writeSync: () => { throw errno('EPIPE'); } };
  const out = directOutput(1, () => assert.fail('EPIPE is not a reason to fall back'), () => (closes += 1), fs);
  assert.equal(out.write('a'), false);
  assert.equal(out.write('b'), false);
  assert.equal(out.destroyed, true);
  assert.equal(closes, 1);
});

// (A real pipe whose reader goes away is covered end to end: `| head -c 10` in signals.test.ts.)
test('into a real file descriptor', (t) => {
  const file = join(tempDir(t), 'out.txt');
  const fd = openSync(file, 'w');
  const out = directOutput(fd, () => assert.fail('no fallback'), () => assert.fail('not closed'), { writeSync });
  out.write('first line\n');
  out.write('second line\n');
  closeSync(fd);
  assert.equal(readFileSync(file, 'utf8'), 'first line\nsecond line\n');
});

test('into a pipe only the first bytes go direct: the write that would pass the limit, and all after it, go to the stream', () => {
  const written: string[] = [];
  const fs: FdCalls = { writeSync: (_fd, buffer) => (written.push(Buffer.from(buffer).toString('utf8')), buffer.length) };
  const stream = recorder();
  const out = directOutput(1, () => stream, () => assert.fail('not closed'), fs, 10);
  out.write('12345');
  out.write('6789');
  out.write('abc');
  out.write('d');
  assert.deepEqual(written, ['12345', '6789']);
  assert.deepEqual(stream.chunks, ['abc', 'd']);
});

test('a write that fails for another reason than a reader going away (ENOSPC) is kept as the failure', () => {
  const full = directOutput(1, () => assert.fail('no fallback'), () => {}, { writeSync: () => { throw errno('ENOSPC'); } });
  full.write('x');
  assert.equal(full.destroyed, true);
  assert.equal((full.failure as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC');
  const gone = directOutput(1, () => assert.fail('no fallback'), () => {}, { writeSync: () => { throw errno('EPIPE'); } });
  gone.write('x');
  assert.equal(gone.destroyed, true);
  assert.equal(gone.failure, undefined, 'a closed pipe is how `| head -1` ends, not a failure');
});
