// Keys never appear in any output: a sweep over every config and doctor path, successes and failures.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withGateway } from './helpers/fake-gateway.ts';
import { runCli, tempDir, type RunOptions } from './helpers/run-cli.ts';

const SECRET = 'tfy-sweep-secret-0123456789abcdef';

test('the key is in no output of config, doctor or create, with --verbose, --json, or on failure', async (t) => {
  const gw = await withGateway(t, { apiKeys: [SECRET] });
  const dir = join(tempDir(t), 'cfg');
  const outputs: string[] = [];
  const cli = async (argv: string[], options: RunOptions = {}) => {
    const result = await runCli(argv, { ...options, env: { TFY_LLM_CONFIG_DIR: dir, ...options.env } });
    outputs.push(`${result.stdout}${result.stderr}`);
    return result;
  };

  assert.equal((await cli(['config', 'add', 'dev', '--base-url', gw.url, '--api-key-stdin', '--provider', 'p', '--model', 'm', '-H', `Authorization: Bearer ${SECRET}`], { stdin: SECRET })).code, 0);
  // As `pass show …` would: the command names where the key is, and prints it.
  const keyFile = join(tempDir(t), 'key');
  writeFileSync(keyFile, `${SECRET}\n`);
  await cli(['config', 'add', 'cmd', '--base-url', gw.url, '--api-key-command', `cat ${keyFile}`, '--model', 'p/m']);
  await cli(['config', 'add', 'wrong', '--base-url', 'http://127.0.0.1:1/api/llm', '--api-key-stdin', '--model', 'p/m'], { stdin: SECRET });

  for (const profile of ['dev', 'cmd', 'wrong']) {
    for (const argv of [
      ['config', 'show', profile],
      ['config', 'show', profile, '--json'],
      ['config', 'get', 'api-key', '-p', profile],
      ['config', 'get', 'headers', '-p', profile],
      ['doctor', '-p', profile],
      ['doctor', '-p', profile, '--json', '--verbose'],
      ['create', 'hi', '-p', profile, '--verbose'],
      ['create', 'hi', '-p', profile, '--json', '-m', 'p/always-500', '--max-retries', '0'],
      ['create', 'hi', '-p', profile, '-m', 'p/forbidden-model'],
    ]) {
      await cli(argv);
    }
  }
  // Failures around the key itself.
  await cli(['config', 'set', 'api-key', SECRET]);
  await cli(['config', 'add', 'x', '--base-url', 'not a url', '--api-key-stdin'], { stdin: SECRET });
  await cli(['config', 'set', 'api-key'], { stdin: `${SECRET} trailing words` });
  await cli(['create', 'hi', '--base-url', gw.url, '-m', 'p/m'], { env: { TFY_API_KEY: `${SECRET}-not-accepted` } });
  await cli(['config', 'list', '--json']);

  assert.ok(outputs.length > 30);
  const leaks = outputs.filter((text) => text.includes(SECRET));
  assert.deepEqual(leaks, [], 'the key appeared in these outputs');
  // The sweep did exercise the masked forms.
  assert.ok(outputs.some((text) => text.includes('tfy-…cdef')));
  assert.ok(outputs.some((text) => text.includes('authorization: Bearer tfy-…cdef')));
});
