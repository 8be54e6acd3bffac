// batch submit / status / results / cancel / list against the fake gateway's Files and Batch APIs,
// in-process with the real openai client: the whole lifecycle, parts split by count and by size,
// results before completion, cancel with partial results, expiry, validation failure, no key in any file.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { withGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { KEY, runCli, tempDir } from './helpers/run-cli.ts';
import { describeErrors, schemaValidator } from './helpers/openapi.ts';

type Json = Record<string, any>;

function setup(t: TestContext, gw: FakeGateway, limits = { maxLines: 50_000, maxBytes: 50 * 1024 * 1024 }) {
  const dir = tempDir(t);
  const configDir = join(dir, 'config');
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: configDir, TMPDIR: dir };
  const cli = (argv: string[], more: Record<string, string> = {}) =>
    runCli(argv, { env: { ...env, ...more }, extraDeps: { batchPartLimits: limits, batchPollMs: 1, cwd: dir } as never });
  const write = (name: string, lines: unknown[]): string => {
    writeFileSync(join(dir, name), lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    return name;
  };
  return { cli, write, dir, configDir };
}

const apiLine = (id: string, model = 'my-openai/gpt-4o', input = `prompt ${id}`) => ({ custom_id: id, method: 'POST', url: '/v1/responses', body: { model, input } });

/** The JSONL lines of the files uploaded for batches, parsed. */
function uploadedLines(gw: FakeGateway, provider: string): Json[][] {
  return [...gw.files(provider).values()].filter((f) => f.file.purpose === 'batch').map((f) => f.content.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
}

test('the whole lifecycle: submit, status step by step, results not ready (exit 7), then merged results', async (t) => {
  const gw = await withGateway(t);
  const { cli, write, dir, configDir } = setup(t, gw);
  const input = write('input.jsonl', [apiLine('a'), apiLine('b'), apiLine('c', 'my-openai/gpt-4o', 'demo:always-500'), apiLine('d')]);
  const submitted = await cli(['batch', 'submit', input]);
  assert.equal(submitted.code, 0, submitted.stderr);
  const jobId = submitted.stdout.trim();
  assert.match(jobId, /^job_[0-9a-f]{16}$/);
  assert.match(submitted.stderr, /submitted 4 requests in 1 part as job_/);

  // The upload and the create, as the gateway got them, routed by the provider.
  const [upload, create] = gw.requests;
  assert.equal(upload?.path, '/api/llm/files');
  assert.equal(upload?.headers['x-tfy-provider-name'], 'my-openai');
  assert.match(upload?.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
  assert.equal(create?.path, '/api/llm/batches');
  const validate = schemaValidator('CreateBatchRequest');
  assert.ok(validate(create?.body), describeErrors(validate.errors));
  assert.deepEqual((create?.body as Json).metadata, { source_file: 'input.jsonl', tfy_llm_job: jobId, part: '1 of 1' });
  assert.deepEqual(uploadedLines(gw, 'my-openai')[0]?.map((l) => l.custom_id), ['a', 'b', 'c', 'd']);

  // The job is recorded privately beside the history.
  const job = JSON.parse(readFileSync(join(configDir, 'batches', `${jobId}.json`), 'utf8')) as Json;
  assert.equal(statSync(join(configDir, 'batches', `${jobId}.json`)).mode & 0o777, 0o600);
  assert.equal(statSync(join(configDir, 'batches')).mode & 0o777, 0o700);
  assert.equal(job.provider, 'my-openai');
  assert.equal(job.input, join(dir, 'input.jsonl'));
  assert.deepEqual(job.parts.map((p: Json) => [p.first_line, p.last_line, p.requests, typeof p.batch_id]), [[1, 4, 4, 'string']]);

  const first = await cli(['batch', 'status']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, new RegExp(`^${jobId}  1 part · /v1/responses · provider my-openai · .*input.jsonl\npart 1/1  batch_\\w+  in_progress  lines 1–4  2/4 done\n$`));

  const early = await cli(['batch', 'results', jobId]);
  assert.equal(early.code, 7);
  assert.match(early.stderr, /^error: the results of job_\w+ are not ready: batch_\w+ is finalizing\nhint: wait for it with tfy-llm batch status job_\w+ --wait, then ask again\n$/);

  const waited = await cli(['batch', 'status', 'last', '--wait']);
  assert.equal(waited.code, 0, waited.stderr);
  assert.match(waited.stdout, /part 1\/1  batch_\w+  completed  lines 1–4  4\/4 done, 1 failed\n$/);

  const results = await cli(['batch', 'results', '-o', 'out.jsonl']);
  assert.equal(results.code, 1, 'one request failed');
  assert.match(results.stderr, /job_\w+: 4 results \(1 failed: their lines carry the error\) to out.jsonl/);
  const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Json);
  assert.deepEqual(lines.map((l) => l.custom_id).sort(), ['a', 'b', 'c', 'd']);
  for (const line of lines) assert.deepEqual(Object.keys(line), ['id', 'custom_id', 'response', 'error']);
  const failed = lines.find((l) => l.custom_id === 'c');
  assert.equal(failed?.response.status_code, 500);
  // As batch run writes a failed request: the error set, the gateway's answer kept.
  assert.deepEqual(failed?.error, { code: 'server_error', message: 'The server had an error while processing your request.' });
  assert.equal(lines.find((l) => l.custom_id === 'a')?.error, null);
  assert.match(lines.find((l) => l.custom_id === 'a')?.response.body.output[0].content[0].text, /> prompt a$/);

  // No key in any file the job left behind: the record, the ids, the output.
  for (const file of [...readdirSync(join(configDir, 'batches')).map((f) => join(configDir, 'batches', f)), join(dir, 'out.jsonl')]) {
    assert.equal(readFileSync(file, 'utf8').includes(KEY), false, file);
  }
  for (const { content } of gw.files('my-openai').values()) assert.equal(content.includes(KEY), false);
  // The part files were kept only until every part was submitted.
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('tfy-llm-batch-')), []);
  assert.deepEqual(readdirSync(join(configDir, 'batches')).filter((f) => f.endsWith('.parts')), []);
});

test('parts split by count and by size: each a batch of its own, line ranges recorded, results joined', async (t) => {
  const gw = await withGateway(t);
  const { cli, write, configDir } = setup(t, gw, { maxLines: 3, maxBytes: 50 * 1024 * 1024 });
  const ids = ['1', '2', '3', '4', '5', '6', '7'];
  const submitted = await cli(['batch', 'submit', write('seven.jsonl', ids.map((id) => apiLine(id)))]);
  assert.equal(submitted.code, 0, submitted.stderr);
  const jobId = submitted.stdout.trim();
  const job = JSON.parse(readFileSync(join(configDir, 'batches', `${jobId}.json`), 'utf8')) as Json;
  assert.deepEqual(job.parts.map((p: Json) => [p.first_line, p.last_line]), [[1, 3], [4, 6], [7, 7]]);
  assert.deepEqual(uploadedLines(gw, 'my-openai').map((lines) => lines.length), [3, 3, 1]);
  assert.deepEqual(gw.batches('my-openai').map((b: any) => b.metadata.part).reverse(), ['1 of 3', '2 of 3', '3 of 3']);
  assert.equal((await cli(['batch', 'status', jobId, '--wait'])).code, 0);
  const results = await cli(['batch', 'results', jobId]);
  assert.equal(results.code, 0, results.stderr);
  assert.deepEqual(results.stdout.trim().split('\n').map((l) => (JSON.parse(l) as Json).custom_id), ids);

  // By size: each line is ~110 bytes, so 250 bytes hold two.
  const sized = setup(t, gw, { maxLines: 50_000, maxBytes: 250 });
  const bySize = await sized.cli(['batch', 'submit', sized.write('five.jsonl', ['a', 'b', 'c', 'd', 'e'].map((id) => apiLine(id))), '--json']);
  assert.equal(bySize.code, 0, bySize.stderr);
  const record = JSON.parse(bySize.stdout) as Json;
  assert.deepEqual(record.parts.map((p: Json) => p.requests), [2, 2, 1]);
  for (const part of record.parts) assert.ok(part.bytes <= 250);
  assert.equal(record.batches.length, 3);

  // A single line over the limit is refused before anything is sent.
  gw.clear();
  const tooBig = await sized.cli(['batch', 'submit', sized.write('big.jsonl', [apiLine('x', 'my-openai/gpt-4o', 'word '.repeat(100))])]);
  assert.equal(tooBig.code, 2);
  assert.match(tooBig.stderr, /^error: line 1 is \d+ B as a batch request: a batch file holds at most 250 B/);
  assert.equal(gw.requests.length, 0);
});

test('--dry-run prints the parts and the requests, sends nothing, records nothing', async (t) => {
  const gw = await withGateway(t);
  const { cli, write, configDir } = setup(t, gw, { maxLines: 2, maxBytes: 50 * 1024 * 1024 });
  const result = await cli(['batch', 'submit', write('three.jsonl', ['a', 'b', 'c'].map((id) => apiLine(id))), '--dry-run'], { TFY_API_KEY: '' });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^dry run: nothing sent, no job recorded\nprovider my-openai \(x-tfy-provider-name\) · endpoint \/v1\/responses · 2 parts\npart 1: lines 1–2, 2 requests, \d+ B\n  POST \/files     purpose=batch, file three.part-1.jsonl\n  POST \/batches   endpoint \/v1\/responses, completion_window 24h, metadata/);
  assert.equal(gw.requests.length, 0);
  assert.equal(existsSync(join(configDir, 'batches')), false, 'no job recorded');
});

test('cancel: the running parts are cancelled, results hold the requests that ran and name the rest', async (t) => {
  const gw = await withGateway(t, { batchClock: 'manual' });
  const { cli, write } = setup(t, gw);
  const submitted = await cli(['batch', 'submit', write('four.jsonl', ['1', '2', '3', '4'].map((id) => apiLine(id)))]);
  const jobId = submitted.stdout.trim();
  gw.advanceBatches(); // in_progress, half done
  const cancelled = await cli(['batch', 'cancel', 'last']);
  assert.equal(cancelled.code, 0, cancelled.stderr);
  assert.match(cancelled.stdout, /^part 1\/1  batch_\w+  cancelling  lines 1–4  2\/4 done\n$/);
  const notYet = await cli(['batch', 'results']);
  assert.equal(notYet.code, 7, 'cancelling is not ended');
  gw.advanceBatches();
  const results = await cli(['batch', 'results', jobId]);
  assert.equal(results.code, 1);
  assert.deepEqual(results.stdout.trim().split('\n').map((l) => (JSON.parse(l) as Json).custom_id), ['1', '2']);
  assert.match(results.stderr, /warning: no result for 2 requests of the input: 3, 4/);
  // Cancelling an ended job sends no cancel.
  gw.clear();
  assert.equal((await cli(['batch', 'cancel', jobId])).code, 0);
  assert.deepEqual(gw.requests.map((r) => r.method), ['GET']);
});

test('an expired job: the requests that ran, batch_expired lines for the others, exit 1', async (t) => {
  const gw = await withGateway(t);
  const { cli, write } = setup(t, gw);
  await cli(['batch', 'submit', write('x.jsonl', [apiLine('1'), apiLine('2'), apiLine('3', 'my-openai/gpt-4o', 'demo:batch-expires'), apiLine('4')])]);
  const status = await cli(['batch', 'status', '--wait']);
  assert.match(status.stdout, /batch_\w+  expired  lines 1–4  4\/4 done, 2 failed/);
  const results = await cli(['batch', 'results']);
  assert.equal(results.code, 1);
  const lines = results.stdout.trim().split('\n').map((l) => JSON.parse(l) as Json);
  assert.deepEqual(lines.map((l) => [l.custom_id, l.error?.code ?? null]), [['1', null], ['2', null], ['3', 'batch_expired'], ['4', 'batch_expired']]);
});

test('a part that fails validation on the gateway (a virtual model): status shows its errors by line, results name every id', async (t) => {
  const gw = await withGateway(t);
  const { cli, write } = setup(t, gw);
  const submitted = await cli(['batch', 'submit', write('v.txt', ['first prompt', 'second prompt']), '-m', 'virtual-models/smart']);
  assert.equal(submitted.code, 0, submitted.stderr);
  const status = await cli(['batch', 'status']);
  assert.equal(status.code, 0);
  assert.match(status.stdout, /batch_\w+  failed  lines 1–2\n    line 1: virtual_model_not_supported: The model 'virtual-models\/smart' is a virtual model: batches need a model of the provider account/);
  const results = await cli(['batch', 'results']);
  assert.equal(results.code, 1);
  assert.match(results.stderr, /part 1 \(batch_\w+\) failed validation: tfy-llm batch status job_\w+ shows why/);
  assert.match(results.stderr, /no result for 2 requests of the input: line-1, line-2/);
});

test('bad lines are all reported by number before anything is sent; a job runs on one provider and one model', async (t) => {
  const gw = await withGateway(t);
  const { cli, write, configDir } = setup(t, gw);
  const bad = await cli(['batch', 'submit', write('bad.jsonl', [
    { prompt: 'fine', model: 'my-openai/gpt-4o' },
    'not json',
    { prompt: 'x', model: 'other/gpt-4o' },
    { custom_id: 'c', method: 'POST', url: '/v1/chat/completions', body: { model: 'my-openai/gpt-4o', messages: [] } },
    { prompt: 'y', image: 'missing.png', model: 'my-openai/gpt-4o' },
  ])]);
  assert.equal(bad.code, 2);
  const message = bad.stderr.split('\n')[0] ?? '';
  assert.match(message, /^error: line 2: not valid JSON .*; line 3: the model other\/gpt-4o is of the provider other, but a batch runs on one provider account \(my-openai\); line 4: "url" is \/v1\/chat\/completions, but this job sends to \/v1\/responses; line 5: .*missing.png/);
  const none = await cli(['batch', 'submit', write('bare.txt', ['hello'])]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^error: line 1: no model given/);
  // One model per job: a provider's batch service runs one model per batch file.
  const twoModels = await cli(['batch', 'submit', write('two-models.jsonl', [
    { prompt: 'a', model: 'my-openai/gpt-4o' },
    { prompt: 'b' },
    { prompt: 'c', model: 'my-openai/gpt-4o-mini' },
  ]), '-m', 'my-openai/gpt-4o']);
  assert.equal(twoModels.code, 2, twoModels.stderr);
  assert.match(twoModels.stderr, /^error: line 3: the model my-openai\/gpt-4o-mini is not the job's model, my-openai\/gpt-4o \(line 1\): a batch runs one model\n/);
  assert.match(twoModels.stderr, /hint: submit the requests of each model as their own job, or send them with tfy-llm batch run/);
  const noProvider = await cli(['batch', 'submit', write('bare2.txt', ['hello']), '-m', 'gpt-4o']);
  assert.equal(noProvider.code, 2);
  assert.match(noProvider.stderr, /^error: no provider for the batch/);
  // An input that cannot be read is named as typed, one line, exit 2 (as batch run says it), dry run or not.
  for (const argv of [['absent.jsonl'], ['absent.jsonl', '--dry-run']]) {
    const missing = await cli(['batch', 'submit', ...argv]);
    assert.equal(missing.code, 2, missing.stderr);
    assert.equal(missing.stderr, 'error: cannot read absent.jsonl: no such file\n');
  }
  const folder = await cli(['batch', 'submit', tmpdir()]);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /^error: cannot read \S+: is a directory\n$/);
  assert.equal(gw.requests.length, 0);
  assert.equal(existsSync(join(configDir, 'batches')), false, 'nothing recorded');
});

test('prompt objects and text lines become create\'s body; --endpoint chat sends chat bodies; stdin works', async (t) => {
  const gw = await withGateway(t);
  const { cli, write, dir } = setup(t, gw);
  writeFileSync(join(dir, 'shot.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
  const input = write('mixed.jsonl', [
    { custom_id: 'img', prompt: 'describe', image: join(dir, 'shot.png'), temperature: 0.5 },
    { prompt: 'plain' },
  ]);
  const responses = await cli(['batch', 'submit', input, '-m', 'my-openai/gpt-4o', '-s', 'be brief']);
  assert.equal(responses.code, 0, responses.stderr);
  const chat = await cli(['batch', 'submit', input, '-m', 'my-openai/gpt-4o', '-s', 'be brief', '--endpoint', 'chat']);
  assert.equal(chat.code, 0, chat.stderr);
  const [responseLines, chatLines] = uploadedLines(gw, 'my-openai');
  const validResponse = schemaValidator('CreateResponse');
  for (const line of responseLines ?? []) {
    assert.equal(line.url, '/v1/responses');
    assert.ok(validResponse(line.body), describeErrors(validResponse.errors));
  }
  assert.deepEqual(responseLines?.map((l) => l.custom_id), ['img', 'line-2']);
  assert.equal(responseLines?.[0]?.body.instructions, 'be brief');
  assert.equal(responseLines?.[0]?.body.temperature, 0.5);
  assert.match(responseLines?.[0]?.body.input[0].content[1].image_url, /^data:image\/png;base64,/);
  const validChat = schemaValidator('CreateChatCompletionRequest');
  for (const line of chatLines ?? []) {
    assert.equal(line.url, '/v1/chat/completions');
    assert.ok(validChat(line.body), describeErrors(validChat.errors));
  }
  assert.deepEqual(chatLines?.[0]?.body.messages.map((m: Json) => m.role), ['system', 'user']);
  assert.equal(chatLines?.[0]?.body.messages[1].content[1].type, 'image_url');
  assert.equal(gw.batches('my-openai').map((b: any) => b.endpoint).join(' '), '/v1/chat/completions /v1/responses');

  // Chat results come back in the same output format.
  assert.equal((await cli(['batch', 'status', chat.stdout.trim(), '--wait'])).code, 0);
  const results = await cli(['batch', 'results', chat.stdout.trim()]);
  assert.equal(results.code, 0, results.stderr);
  const first = JSON.parse(results.stdout.split('\n')[0] ?? '') as Json;
  assert.equal(first.response.body.object, 'chat.completion');
  // --text: custom_id<TAB>text, as batch run --text writes it, from chat answers too.
  const text = await cli(['batch', 'results', chat.stdout.trim(), '--text']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^img\t\*\*Hello from the demo gateway\.\*\*\\n\\nYou sent \*1 word\*, 1 image to `my-openai\/gpt-4o`/);
  assert.equal(text.stdout.trim().split('\n').length, 2);

  // stdin, recorded as "-".
  const piped = await runCli(['batch', 'submit', '-', '-m', 'my-openai/gpt-4o', '--json'], {
    stdin: 'one\ntwo\n',
    env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: join(dir, 'config'), TMPDIR: dir },
    extraDeps: { cwd: dir } as never,
  });
  assert.equal(piped.code, 0, piped.stderr);
  const job = JSON.parse(piped.stdout) as Json;
  assert.equal(job.input, '-');
  assert.deepEqual(job.parts.map((p: Json) => p.requests), [2]);
  assert.deepEqual(gw.batches('my-openai').map((b: any) => b.metadata.source_file)[0], 'stdin');
});

test('list: the jobs recorded here and the gateway\'s batches; a batch id works without a job', async (t) => {
  const gw = await withGateway(t);
  const { cli, write } = setup(t, gw);
  const jobId = (await cli(['batch', 'submit', write('l.jsonl', [apiLine('1')])])).stdout.trim();
  const list = await cli(['batch', 'list', '--provider', 'my-openai']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`^${jobId}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  1 part  my-openai  .*l.jsonl\nbatches on the gateway \\(provider my-openai\\):\nbatch_\\w+  validating  \\d{4}-.* l.jsonl part 1 of 1 \\(${jobId}\\)\n$`));
  const json = JSON.parse((await cli(['batch', 'list', '--provider', 'my-openai', '--json'])).stdout) as Json;
  assert.equal(json.jobs[0].id, jobId);
  const batchId = json.batches[0].id as string;
  gw.clear();
  const local = await cli(['batch', 'list', '--local']);
  assert.match(local.stdout, new RegExp(`^${jobId}  `));
  assert.equal(gw.requests.length, 0);
  const one = await cli(['batch', 'status', batchId, '--json']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal((JSON.parse(one.stdout) as Json).id, batchId);
  assert.equal(gw.requests[0]?.headers['x-tfy-provider-name'], 'my-openai', 'the job recorded its provider');
  const unknown = await cli(['batch', 'status', 'job_0000000000000000']);
  assert.equal(unknown.code, 5);
  const bad = await cli(['batch', 'status', '../etc']);
  assert.equal(bad.code, 2);
});

test('--wait: submit waits for every part; status --wait --timeout gives up when the time is out (the batches go on)', async (t) => {
  const gw = await withGateway(t);
  const { cli, write } = setup(t, gw, { maxLines: 2, maxBytes: 50 * 1024 * 1024 });
  const submitted = await cli(['batch', 'submit', write('w.jsonl', ['1', '2', '3'].map((id) => apiLine(id))), '--wait']);
  assert.equal(submitted.code, 0, submitted.stderr);
  assert.match(submitted.stderr, /part 1\/2  batch_\w+  completed  lines 1–2  2\/2 done\npart 2\/2  batch_\w+  completed  lines 3–3  1\/1 done\n$/);
  const json = await cli(['batch', 'status', '--json']);
  const objects = JSON.parse(json.stdout) as Json[];
  assert.deepEqual(objects.map((o) => [o.object, o.status]), [['batch', 'completed'], ['batch', 'completed']]);

  const stuck = await withGateway(t, { batchClock: 'manual' });
  const other = setup(t, stuck);
  assert.equal((await other.cli(['batch', 'submit', other.write('s.jsonl', [apiLine('1')])])).code, 0);
  const gaveUp = await other.cli(['batch', 'status', '--wait', '--timeout', '1']);
  assert.equal(gaveUp.code, 1);
  assert.match(gaveUp.stderr, /^error: gave up waiting after 1s: 1 part\(s\) still running\nhint: the batches go on/);
  assert.ok(stuck.requests.filter((r) => r.method === 'GET').length >= 2, 'it polled');
});

test('--dry-run on status, cancel and list prints the first request and sends nothing', async (t) => {
  const gw = await withGateway(t, { batchClock: 'manual' });
  const { cli, write } = setup(t, gw);
  const jobId = (await cli(['batch', 'submit', write('d.jsonl', [apiLine('1')])])).stdout.trim();
  gw.clear();
  const cancel = await cli(['batch', 'cancel', jobId, '--dry-run']);
  assert.equal(cancel.code, 0, cancel.stderr);
  assert.match(cancel.stdout, /^POST http:\/\/127\.0\.0\.1:\d+\/api\/llm\/batches\/batch_\w+\/cancel\n/);
  assert.match(cancel.stdout, /x-tfy-provider-name: my-openai/);
  assert.doesNotMatch(cancel.stdout, new RegExp(KEY));
  const status = await cli(['batch', 'status', '--dry-run']);
  assert.match(status.stdout, /^GET http:\/\/127\.0\.0\.1:\d+\/api\/llm\/batches\/batch_\w+\n/);
  const list = await cli(['batch', 'list', '--provider', 'my-openai', '--dry-run', '--json']);
  assert.equal((JSON.parse(list.stdout) as Json).method, 'GET');
  assert.deepEqual(gw.requests, []);
  assert.equal(gw.batches('my-openai')[0] && (gw.batches('my-openai')[0] as Json).status, 'validating');
});

test('a large local image is streamed into its line from disk, and counted at its full size', async (t) => {
  const gw = await withGateway(t);
  const { cli, write, dir, configDir } = setup(t, gw, { maxLines: 50_000, maxBytes: 3 * 1024 * 1024 });
  const png = Buffer.alloc(1536 * 1024, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  writeFileSync(join(dir, 'big.png'), png);
  const submitted = await cli(['batch', 'submit', write('img.jsonl', [
    { custom_id: 'a', prompt: 'one', image: join(dir, 'big.png') },
    { custom_id: 'b', prompt: 'two', image: join(dir, 'big.png') },
  ]), '-m', 'my-openai/gpt-4o']);
  assert.equal(submitted.code, 0, submitted.stderr);
  const uploads = [...gw.files('my-openai').values()].filter((f) => f.file.purpose === 'batch');
  // 2 MB of base64 each: two lines do not fit in 3 MB.
  assert.equal(uploads.length, 2);
  const line = JSON.parse(uploads[0]?.content.toString('utf8') ?? '') as Json;
  assert.equal(line.body.input[0].content[1].image_url, `data:image/png;base64,${png.toString('base64')}`);
  const job = JSON.parse(readFileSync(join(configDir, 'batches', `${submitted.stdout.trim()}.json`), 'utf8')) as Json;
  assert.deepEqual(job.parts.map((p: Json) => p.bytes), uploads.map((u) => u.content.length));
});

test('interchangeable: the gateway\'s merged results are an output batch run resumes from, skipping every request', async (t) => {
  const gw = await withGateway(t);
  const { cli, write, dir } = setup(t, gw);
  const input = write('same.txt', ['alpha', 'beta', 'gamma']);
  const jobId = (await cli(['batch', 'submit', input, '-m', 'my-openai/gpt-4o'])).stdout.trim();
  assert.equal((await cli(['batch', 'status', jobId, '--wait'])).code, 0);
  assert.equal((await cli(['batch', 'results', jobId, '-o', 'out.jsonl'])).code, 0);
  gw.clear();
  const resumed = await cli(['batch', 'run', join(dir, input), '-m', 'my-openai/gpt-4o', '-o', join(dir, 'out.jsonl')]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(gw.requests.filter((r) => r.path.endsWith('/responses')).length, 0, 'every request already answered');
  const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Json);
  assert.deepEqual(lines.map((l) => l.custom_id), ['line-1', 'line-2', 'line-3']);
});

test('a submit that fails half-way leaves the job recorded with what exists; status says which part is missing', async (t) => {
  const gw = await withGateway(t, { maxFileBytes: 400 });
  const { cli, write, configDir } = setup(t, gw, { maxLines: 1, maxBytes: 50 * 1024 * 1024 });
  const failed = await cli(['batch', 'submit', write('half.jsonl', [apiLine('small'), apiLine('large', 'my-openai/gpt-4o', 'word '.repeat(200))]), '--max-retries', '0']);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /^job_\w+ is recorded with 1 of 2 parts submitted; the rest: tfy-llm batch resume job_\w+\nerror: The file is too large/);
  const jobId = /^(job_\w+)/.exec(failed.stderr)?.[1] ?? '';
  const job = JSON.parse(readFileSync(join(configDir, 'batches', `${jobId}.json`), 'utf8')) as Json;
  assert.deepEqual(job.parts.map((p: Json) => [typeof p.file_id, typeof p.batch_id]), [['string', 'string'], ['object', 'object']]);
  const status = await cli(['batch', 'status', jobId]);
  assert.equal(status.code, 0);
  assert.match(status.stdout, /part 2\/2  not submitted  lines 2–2/);
});

test('Ctrl-C while waiting: exit 130, the progress bar cleared, the batches go on', async (t) => {
  const gw = await withGateway(t, { batchClock: 'manual' });
  const { write, dir } = setup(t, gw);
  const env = { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: KEY, TFY_LLM_CONFIG_DIR: join(dir, 'config') };
  assert.equal((await runCli(['batch', 'submit', join(dir, write('c.jsonl', [apiLine('1')]))], { env })).code, 0);
  const stop = new AbortController();
  const waiting = runCli(['batch', 'status', '--wait'], { env, signal: stop.signal, stderrTTY: true, extraDeps: { batchPollMs: 5 } as never });
  setTimeout(() => stop.abort(), 100);
  const result = await waiting;
  assert.equal(result.code, 130);
  assert.match(result.stderr, /░+ validating · 1 of 1 part running/);
  assert.match(result.stderr, /\r\u001b\[K(\u001b\[\d+m)?error:? ?(\u001b\[\d+m)? interrupted/);
  assert.equal((gw.batches('my-openai')[0] as Json).status, 'validating');
});

/**
 * A front for the gateway that answers the `failOn`-th upload with a 500 and forwards everything else;
 * with `loseCreate`, the `loseCreate`-th batch create reaches the gateway but its answer is lost.
 */
async function flakyFront(t: TestContext, gw: FakeGateway, failOn: number, loseCreate = 0): Promise<string> {
  const { createServer, request } = await import('node:http');
  let uploads = 0;
  let creates = 0;
  const server = createServer((req, res) => {
    if (req.method === 'POST' && (req.url ?? '').endsWith('/batches') && ++creates === loseCreate) {
      const onward = request(`${gw.origin}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        answer.resume();
        answer.on('end', () => res.socket?.destroy());
      });
      req.pipe(onward);
      return;
    }
    if (req.method === 'POST' && (req.url ?? '').endsWith('/files') && ++uploads === failOn) {
      req.resume();
      req.on('end', () => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'The upload failed on the way.', type: 'server_error' } }));
      });
      return;
    }
    const onward = request(`${gw.origin}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(onward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}/api/llm`;
}

test('batch resume: the parts a failed submit left are sent as planned, the submitted ones not again; then nothing is left to resume', async (t) => {
  const gw = await withGateway(t);
  const { cli, write, configDir } = setup(t, gw, { maxLines: 2, maxBytes: 50 * 1024 * 1024 });
  const front = await flakyFront(t, gw, 2);
  const input = write('six.jsonl', ['1', '2', '3', '4', '5', '6'].map((id) => apiLine(id)));
  const failed = await cli(['batch', 'submit', input, '--max-retries', '0'], { TFY_LLM_BASE_URL: front });
  assert.equal(failed.code, 1, failed.stderr);
  const jobId = /tfy-llm batch resume (job_\w+)/.exec(failed.stderr)?.[1] ?? '';
  assert.match(failed.stderr, /is recorded with 1 of 3 parts submitted; the rest: tfy-llm batch resume job_\w+\nerror: The upload failed on the way/);
  const parts = join(configDir, 'batches', `${jobId}.parts`);
  assert.deepEqual(readdirSync(parts).sort(), ['part-2.multipart', 'part-3.multipart'], 'the submitted part\'s file is gone, the others kept');
  assert.equal((statSync(parts).mode & 0o777).toString(8), '700');
  const status = await cli(['batch', 'status', jobId], { TFY_LLM_BASE_URL: front });
  assert.match(status.stdout, /part 2\/3  not submitted  lines 3–4  \(its upload or create failed: tfy-llm batch resume sends it\)/);

  assert.match((await cli(['batch', 'list', '--local'])).stdout, new RegExp(`^${jobId}  \\S+ \\S+  3 parts \\(2 not submitted\\)  my-openai  `));
  // Another gateway is refused: the job's batches are where it was submitted.
  const elsewhere = await cli(['batch', 'resume', jobId]);
  assert.equal(elsewhere.code, 3);
  assert.match(elsewhere.stderr, new RegExp(`^error: ${jobId} was submitted to http://127\\.0\\.0\\.1:\\d+/api/llm, but the base URL now is ${gw.url.replace(/[./]/g, '\\$&')}`));
  const dry = await cli(['batch', 'resume', jobId, '--dry-run'], { TFY_LLM_BASE_URL: front });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^dry run: nothing sent\njob_\w+: 2 of 3 parts to submit, provider my-openai\npart 2: lines 3–4, 2 requests, \d+ B: POST \/files, then POST \/batches\npart 3: lines 5–6/);

  const before = gw.requests.filter((r) => r.method === 'POST').length;
  const seen = gw.requests.length;
  const resumed = await cli(['batch', 'resume', jobId], { TFY_LLM_BASE_URL: front });
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(resumed.stdout, `${jobId}\n`);
  // Two uploads and two creates, no more: part 1 is not sent again, only looked up (the new ones are known from their creates).
  assert.equal(gw.requests.filter((r) => r.method === 'POST').length - before, 4);
  assert.equal(gw.requests.slice(seen).filter((r) => r.method === 'GET' && /\/batches\/batch_/.test(r.path)).length, 1);
  const job = JSON.parse(readFileSync(join(configDir, 'batches', `${jobId}.json`), 'utf8')) as Json;
  assert.ok(job.parts.every((p: Json) => typeof p.batch_id === 'string'));
  assert.equal(existsSync(parts), false, 'the part files are removed once all are submitted');
  // The uploaded lines are the input's, once each, in their parts.
  assert.deepEqual(uploadedLines(gw, 'my-openai').map((lines) => lines.map((l) => l.custom_id)).sort(), [['1', '2'], ['3', '4'], ['5', '6']]);
  const again = await cli(['batch', 'resume', jobId], { TFY_LLM_BASE_URL: front });
  assert.equal(again.code, 0);
  assert.match(again.stderr, /every part is submitted already; nothing to resume/);
  for (const named of ['batch_abc', 'nonsense']) {
    const wrong = await cli(['batch', 'resume', named], { TFY_LLM_BASE_URL: front });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, new RegExp(`^error: batch resume takes a job recorded here \\(job_…, or last\\), not "${named}"\nhint: tfy-llm batch list --local`));
  }
  const none = await cli(['batch', 'resume'], { TFY_LLM_BASE_URL: front, TFY_LLM_CONFIG_DIR: join(configDir, 'elsewhere') });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^error: no batch job was submitted from here\nhint: tfy-llm batch submit <input> starts a job/);
});

test('batch resume: a batch whose create reached the gateway but whose answer was lost is found and recorded, not created twice', async (t) => {
  const gw = await withGateway(t);
  const { cli, write, configDir } = setup(t, gw, { maxLines: 2, maxBytes: 50 * 1024 * 1024 });
  const front = await flakyFront(t, gw, 0, 2);
  const input = write('four.jsonl', ['1', '2', '3', '4'].map((id) => apiLine(id)));
  const failed = await cli(['batch', 'submit', input, '--max-retries', '0'], { TFY_LLM_BASE_URL: front });
  assert.equal(failed.code, 1, failed.stderr);
  const jobId = /tfy-llm batch resume (job_\w+)/.exec(failed.stderr)?.[1] ?? '';
  let job = JSON.parse(readFileSync(join(configDir, 'batches', `${jobId}.json`), 'utf8')) as Json;
  assert.deepEqual(job.parts.map((p: Json) => [typeof p.file_id, typeof p.batch_id]), [['string', 'string'], ['string', 'object']]);
  assert.equal(gw.batches('my-openai').length, 2, 'the gateway made both batches');
  const resumed = await cli(['batch', 'resume', jobId], { TFY_LLM_BASE_URL: front });
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /^part 2: its batch batch_\w+ was created already; recorded, not created again$/m);
  assert.equal(gw.batches('my-openai').length, 2, 'no third batch');
  job = JSON.parse(readFileSync(join(configDir, 'batches', `${jobId}.json`), 'utf8')) as Json;
  assert.deepEqual(new Set(job.parts.map((p: Json) => p.batch_id)), new Set(gw.batches('my-openai').map((b) => (b as Json).id)));
});

test('batch submit --wait sends every request over node:http, as batch run does (fetch would load its WebAssembly HTTP parser, which V8 compiles again in the background)', async (t) => {
  const gw = await withGateway(t);
  const { cli, write } = setup(t, gw);
  const input = write('input.jsonl', [apiLine('a'), apiLine('b')]);
  const submitted = await cli(['batch', 'submit', input, '--wait']);
  assert.equal(submitted.code, 0, submitted.stderr);
  const paths = gw.requests.map((r) => `${r.method} ${r.path}`);
  assert.ok(paths.includes('POST /api/llm/files') && paths.includes('POST /api/llm/batches') && paths.some((p) => p.startsWith('GET /api/llm/batches/')), paths.join(', '));
  // fetch (undici) adds these two headers to every request; node-fetch.ts sends what the client gave.
  for (const request of gw.requests) {
    assert.equal(request.headers['sec-fetch-mode'], undefined, `${request.method} ${request.path} went through fetch`);
    assert.equal(request.headers['accept-language'], undefined, `${request.method} ${request.path} went through fetch`);
  }
});
