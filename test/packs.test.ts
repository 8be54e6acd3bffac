// Packs (scripts/packs.ts): bundle files loaded together are one file, each still a module of its own
// that runs once, on its first require (src/loader.ts).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SourceMap } from 'node:module';
import { FILE_COST_BYTES, planPacks, writePack, type BundleFile } from '../scripts/packs.ts';
import { start } from '../src/loader.ts';
import { tempDir } from './helpers/run-cli.ts';

const file = (name: string, bytes: number, imports: string[] = []): [string, BundleFile] => [name, { name, code: 'x'.repeat(bytes), imports }];

test('the plan: start-up is the entry\'s pack; files the same runs need go together; a small shared file joins where it costs little', () => {
  const files = new Map([
    file('entry.cjs', 10, ['chunks/startup.cjs']),
    file('chunks/startup.cjs', 10),
    file('chunks/create.cjs', 10, ['chunks/startup.cjs', 'chunks/shared.cjs', 'chunks/sdk.cjs']),
    file('chunks/shared.cjs', 10),
    file('chunks/sdk.cjs', FILE_COST_BYTES * 4),
    file('chunks/history.cjs', 10, ['chunks/shared.cjs']),
    file('chunks/unused.cjs', 10),
  ]);
  const { packs } = planPacks(files, 'entry.cjs', [
    { roots: ['chunks/create.cjs'], weight: 1 },
    { roots: ['chunks/history.cjs'], weight: 1 },
  ]);
  const members = packs.map((pack) => pack.members.join(' ')).sort();
  // shared.cjs goes with history (a few bytes more for a create), not with create and its big SDK
  // (which a history would then read for nothing).
  assert.deepEqual(members, ['chunks/create.cjs chunks/sdk.cjs', 'chunks/history.cjs chunks/shared.cjs', 'chunks/unused.cjs', 'entry.cjs chunks/startup.cjs']);
  assert.equal(packs.find((pack) => pack.members[0] === 'entry.cjs')?.file, 'entry.cjs');
  // A single file keeps its name; a pack gets one of its own.
  assert.equal(packs.find((pack) => pack.members[0] === 'chunks/unused.cjs')?.file, 'chunks/unused.cjs');
  assert.match(packs.find((pack) => pack.members[0] === 'chunks/create.cjs')?.file ?? '', /^chunks\/pack-[0-9A-F]{8}\.cjs$/);
});

test('a pack is read once; each of its modules runs on its first require, in the order required, and its map finds each line', (t) => {
  const root = tempDir(t);
  const members = [
    { name: 'chunks/a.cjs', code: 'globalThis.__packOrder.push("a");exports.a=1;\n', map: { version: 3 as const, sources: ['../src/a.ts'], mappings: 'AAAA' } },
    { name: 'chunks/b.cjs', code: 'globalThis.__packOrder.push("b");\nexports.b=require("./a.cjs").a+1;\n', map: { version: 3 as const, sources: ['../src/b.ts'], mappings: 'AAAA;AACA' } },
    { name: 'chunks/c.cjs', code: 'globalThis.__packOrder.push("c");\n', map: { version: 3 as const, sources: ['../src/c.ts'], mappings: 'AAAA' } },
  ];
  const pack = writePack(members, (_member, source) => source);
  writeFileSync(join(root, 'pack.cjs'), pack.code);
  writeFileSync(join(root, 'entry.cjs'), 'globalThis.__packResult=require("./chunks/b.cjs").b+require("./chunks/a.cjs").a;');
  const order: string[] = [];
  Object.assign(globalThis, { __packOrder: order });
  start({
    root,
    entry: 'entry.cjs',
    buildId: 'test',
    argv: [],
    env: { NODE_DISABLE_COMPILE_CACHE: '1' },
    require: (id) => assert.fail(`required ${id}`),
    packs: { 'chunks/a.cjs': 'pack.cjs', 'chunks/b.cjs': 'pack.cjs', 'chunks/c.cjs': 'pack.cjs' },
  });
  assert.deepEqual(order, ['b', 'a'], 'c never required, never run; a once');
  assert.equal((globalThis as { __packResult?: number }).__packResult, 3);

  // Each member starts on a line of its own, where its section of the index map starts.
  const map = new SourceMap(JSON.parse(pack.map) as ConstructorParameters<typeof SourceMap>[0]);
  const lines = pack.code.split('\n');
  const bLine = lines.findIndex((line) => line.startsWith('"chunks/b.cjs"'));
  const bColumn = (lines[bLine] ?? '').indexOf('{') + 1;
  assert.deepEqual([map.findEntry(bLine, bColumn)].map((e) => 'originalSource' in e && [e.originalSource, e.originalLine]), [['../src/b.ts', 0]]);
  assert.deepEqual([map.findEntry(bLine + 1, 0)].map((e) => 'originalSource' in e && [e.originalSource, e.originalLine]), [['../src/b.ts', 1]]);
});
