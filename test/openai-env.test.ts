// The openai client reads OPENAI_* variables from the environment. They are meant for api.openai.com and
// may carry OpenAI credentials: none of them reaches the gateway (its URL, key and headers come from the
// profile, TFY_* variables and flags only).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEMO_API_KEY, withGateway } from './helpers/fake-gateway.ts';
import { spawnCli, tempDir } from './helpers/run-cli.ts';

const OPENAI_ENV = {
  OPENAI_API_KEY: 'sk-openai-only-key',
  OPENAI_ADMIN_KEY: 'sk-admin-openai-only',
  OPENAI_ORG_ID: 'org-openai-only',
  OPENAI_PROJECT_ID: 'proj_openai_only',
  OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
  OPENAI_CUSTOM_HEADERS: 'X-Openai-Only: sk-custom-openai-only\nOpenAI-Beta: assistants=v2',
  OPENAI_LOG: 'debug',
};

test('OPENAI_* variables (key, admin key, organization, project, base URL, custom headers, log level) reach no request to the gateway and no output', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const input = join(dir, 'prompts.txt');
  writeFileSync(input, 'one\ntwo\n');
  const env = { ...OPENAI_ENV, TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: DEMO_API_KEY, TFY_LLM_MODEL: 'my-openai/gpt-4o' };
  const create = await spawnCli(['create', 'hi', '--json'], { env });
  assert.equal(create.code, 0, create.stderr);
  // OPENAI_LOG=debug would have the client log every request on stderr.
  assert.equal(create.stderr, '');
  const batch = await spawnCli(['batch', 'run', input, '-o', join(dir, 'out.jsonl')], { env });
  assert.equal(batch.code, 0, batch.stderr);
  assert.equal(gw.requests.length, 3);
  for (const request of gw.requests) {
    const sent = JSON.stringify(request.headers);
    for (const value of ['openai-only', 'openai_only', 'assistants=v2']) assert.ok(!sent.includes(value), `${request.method} ${request.path} carried ${value}: ${sent}`);
    assert.equal(request.headers['authorization'], `Bearer ${DEMO_API_KEY}`);
    assert.equal(request.headers['openai-organization'], undefined);
    assert.equal(request.headers['openai-project'], undefined);
  }
});

test('the client holds no OPENAI_ADMIN_KEY or OPENAI_WEBHOOK_SECRET from the environment, and cannot be copied with other options', async () => {
  const { createClient } = await import('../src/http/client.ts');
  const saved = { admin: process.env['OPENAI_ADMIN_KEY'], webhook: process.env['OPENAI_WEBHOOK_SECRET'] };
  process.env['OPENAI_ADMIN_KEY'] = OPENAI_ENV.OPENAI_ADMIN_KEY;
  process.env['OPENAI_WEBHOOK_SECRET'] = 'whsec_openai_only';
  try {
    const client = createClient({ connection: { baseURL: 'http://127.0.0.1:9/api/llm' } as never, apiKey: 'k' });
    assert.equal(client.adminAPIKey, null);
    assert.equal(client.webhookSecret, null);
    // A copy would read OPENAI_CUSTOM_HEADERS again.
    assert.throws(() => client.withOptions({}), /not supported/);
  } finally {
    for (const [name, value] of [['OPENAI_ADMIN_KEY', saved.admin], ['OPENAI_WEBHOOK_SECRET', saved.webhook]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
