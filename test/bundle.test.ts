// What the bundle carries: every bundled package version with its licence, and none of the weight the
// config path does not use (conf's schema validator, the legacy inquirer wrapper and its encodings).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers/run-cli.ts';

const LICENSES = join(ROOT, 'dist', 'THIRD_PARTY_LICENSES.txt');

function listed(): Map<string, string> {
  const text = readFileSync(LICENSES, 'utf8');
  const entries = new Map<string, string>();
  const heading = /^((?:@[\w.-]+\/)?[\w.-]+@\d[\w.+-]*)\n-+\n/gm;
  const marks = [...text.matchAll(heading)];
  marks.forEach((mark, i) => entries.set(mark[1] ?? '', text.slice((mark.index ?? 0) + mark[0].length, marks[i + 1]?.index ?? text.length).trim()));
  return entries;
}

test('the licence file lists every bundled version of a package, each with its licence text', () => {
  const entries = listed();
  assert.ok(entries.size > 30, `${entries.size} entries`);
  // chalk is bundled at two versions (ours, and the one marked-terminal and cli-table3 bring).
  const chalks = [...entries.keys()].filter((id) => id.startsWith('chalk@'));
  assert.ok(chalks.length >= 2, chalks.join(', '));
  for (const [id, licence] of entries) {
    assert.ok(licence.length > 20, `${id} has a licence text`);
    const at = id.lastIndexOf('@');
    const [name, version] = [id.slice(0, at), id.slice(at + 1)];
    assert.match(licence, /MIT|ISC|Apache|BSD|Permission|License/i, id);
    assert.ok(name && version, id);
  }
});

test('conf is bundled without its JSON-schema validator, and the prompts without the legacy inquirer', () => {
  const names = [...listed().keys()].map((id) => id.slice(0, id.lastIndexOf('@')));
  assert.ok(names.includes('conf') && names.includes('@inquirer/input') && names.includes('@inquirer/password'));
  for (const heavy of ['ajv', 'ajv-formats', 'inquirer', 'iconv-lite', 'chardet', '@inquirer/external-editor', '@inquirer/editor']) {
    assert.ok(!names.includes(heavy), `${heavy} is bundled`);
  }
});
