import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, UsageError } from '../src/errors/errors.ts';
import { parseHeaders, requireConnection, resolveSettings, routeModel, type Profile } from '../src/config/settings.ts';

const profiles = (map: Record<string, Profile>, active?: string) => ({
  activeName: () => active,
  read: (name: string) => map[name],
});

test('flag beats environment beats profile, and each value says where it came from', () => {
  const store = profiles({ dev: { 'base-url': 'https://dev.example/api/llm', provider: 'p-dev', model: 'm-dev', 'api-key': 'tfy-profile-key-0000' } }, 'dev');
  const fromProfile = resolveSettings({}, {}, store);
  assert.deepEqual(fromProfile.baseURL, { value: 'https://dev.example/api/llm', source: 'profile', origin: 'profile dev' });
  assert.equal(fromProfile.provider?.value, 'p-dev');

  const fromEnv = resolveSettings({}, { TFY_LLM_BASE_URL: 'http://127.0.0.1:4010/v1/', TFY_LLM_PROVIDER: 'p-env', TFY_API_KEY: 'k-env' }, store);
  assert.deepEqual(fromEnv.baseURL, { value: 'http://127.0.0.1:4010/v1', source: 'env', origin: 'TFY_LLM_BASE_URL' });
  assert.equal(fromEnv.provider?.origin, 'TFY_LLM_PROVIDER');
  assert.deepEqual(fromEnv.apiKey?.value, { kind: 'value', key: 'k-env', origin: 'TFY_API_KEY' });

  const fromFlag = resolveSettings({ baseUrl: 'https://flag.example', provider: 'p-flag', model: 'x/y' }, { TFY_LLM_BASE_URL: 'https://env.example' }, store);
  assert.equal(fromFlag.baseURL?.value, 'https://flag.example');
  assert.equal(fromFlag.baseURL?.origin, '--base-url');
  assert.equal(fromFlag.model?.source, 'flag');
});

test('TFY_HOST and TFY_BASE_URL are control-plane URLs: the gateway is under /api/llm', () => {
  assert.equal(resolveSettings({}, { TFY_HOST: 'https://acme.truefoundry.cloud/' }).baseURL?.value, 'https://acme.truefoundry.cloud/api/llm');
  assert.equal(resolveSettings({}, { TFY_BASE_URL: 'https://cp.example' }).baseURL?.value, 'https://cp.example/api/llm');
  // TFY_LLM_BASE_URL is used verbatim and wins over the control-plane forms.
  assert.equal(resolveSettings({}, { TFY_LLM_BASE_URL: 'https://gw.example', TFY_HOST: 'https://cp.example' }).baseURL?.value, 'https://gw.example');
});

test('a base URL that is not http(s) is a usage error from a flag and a config error from the environment', () => {
  assert.throws(() => resolveSettings({ baseUrl: 'gateway.example' }, {}), UsageError);
  assert.throws(() => resolveSettings({}, { TFY_LLM_BASE_URL: 'ftp://x' }), ConfigError);
});

test('missing base URL or key is a configuration error that names the fix', () => {
  assert.throws(() => requireConnection(resolveSettings({}, { TFY_API_KEY: 'k' })), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.exitCode, 3);
    assert.match(err.hint ?? '', /tfy-llm config init/);
    assert.match(err.hint ?? '', /TFY_API_KEY/);
    return true;
  });
  assert.throws(() => requireConnection(resolveSettings({}, { TFY_LLM_BASE_URL: 'https://gw.example' })), /no API key/);
});

test('routing: --provider, else the model prefix, else the configured provider', () => {
  const env = { TFY_LLM_PROVIDER: 'env-p' };
  assert.deepEqual(routeModel(resolveSettings({ model: 'my-openai/gpt-4o' }, env), undefined), { model: 'my-openai/gpt-4o', provider: 'my-openai' });
  // A --provider that contradicts the model's prefix is refused: the gateway routes by the prefix (issue 14).
  assert.throws(() => routeModel(resolveSettings({ model: 'my-openai/gpt-4o' }, env), 'flag-p'), /^UsageError: --provider flag-p contradicts the model my-openai\/gpt-4o, whose provider is my-openai$/);
  assert.deepEqual(routeModel(resolveSettings({ model: 'my-openai/gpt-4o' }, env), 'my-openai'), { model: 'my-openai/gpt-4o', provider: 'my-openai' });
  assert.deepEqual(routeModel(resolveSettings({ model: 'gpt-4o' }, env), undefined), { model: 'env-p/gpt-4o', provider: 'env-p' });
  assert.deepEqual(routeModel(resolveSettings({ model: 'gpt-4o' }, {}), undefined), { model: 'gpt-4o', provider: undefined });
  assert.throws(() => routeModel(resolveSettings({}, env), undefined), UsageError);
});

test('-H headers are parsed, lower-cased, and malformed ones rejected', () => {
  assert.deepEqual(parseHeaders(['X-Team: search', 'x-empty:']), { 'x-team': 'search', 'x-empty': '' });
  assert.throws(() => parseHeaders(['no colon']), UsageError);
  assert.throws(() => parseHeaders([': value']), UsageError);
  assert.throws(() => parseHeaders(['bad name: v']), UsageError);
});

test('a profile named by flag or TFY_LLM_PROFILE must exist', () => {
  assert.throws(() => resolveSettings({ profile: 'nope' }, {}, profiles({})), /no profile named "nope"/);
  assert.throws(() => resolveSettings({}, { TFY_LLM_PROFILE: 'nope' }, profiles({})), ConfigError);
});
