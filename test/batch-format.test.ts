// The batch input and output formats both modes share: lines parsed, bodies built by create's own code
// path, every bad line reported by number, output lines written whole and read back on resume.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkInput, localCheck, readLines } from '../src/batch/input-check.ts';
import { linesOf } from '../src/batch/input-lines.ts';
import { lineRequest, type LineDefaults } from '../src/batch/line-body.ts';
import { parseLine, type LineSpec } from '../src/batch/line-spec.ts';
import { escapeText, failedLine, jsonlLine, outputText, readOutputLine, succeededLine, succeededRawLine, textLine, unescapeText } from '../src/batch/output-format.ts';
import { OrderedSink } from '../src/batch/output-file.ts';
import { readEarlier } from '../src/batch/resume.ts';
import { resolveSettings } from '../src/config/settings.ts';
import { writeFixtures } from './helpers/fixtures.ts';
import { runCli, tempDir } from './helpers/run-cli.ts';
import { withGateway } from './helpers/fake-gateway.ts';

const settings = (model?: string) => resolveSettings({ model }, {});
const defaults = (options: LineDefaults['options'] = {}, model?: string): LineDefaults => ({ options, settings: settings(model), provider: undefined });
const spec = (line: unknown, number = 1): LineSpec => {
  const parsed = parseLine(number, typeof line === 'string' ? line : JSON.stringify(line), typeof line === 'string' ? 'text' : 'jsonl');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.spec;
};

test('a text line is a prompt with the id line-N; a prompt object and a Batch API line are read as such', () => {
  assert.deepEqual(spec('hello there', 7).customId, 'line-7');
  const prompt = spec({ prompt: 'hi', model: 'p/m', temperature: 0.3, tools: [] }, 3);
  assert.equal(prompt.customId, 'line-3');
  assert.equal(prompt.text, 'hi');
  assert.deepEqual(prompt.fields, { temperature: 0.3, tools: [] });
  const batch = spec({ custom_id: 'a', method: 'POST', url: '/v1/responses', body: { model: 'p/m', input: 'hi', top_p: 0.5 } });
  assert.equal(batch.kind, 'batch');
  assert.equal(batch.customId, 'a');
  assert.deepEqual(batch.fields, { top_p: 0.5 });
});

test('bad lines: bad JSON, unknown fields, no prompt, a streaming field, a Batch API line without custom_id', () => {
  const problems = (text: string) => {
    const parsed = parseLine(1, text, 'jsonl');
    assert.equal(parsed.ok, false, text);
    return parsed.ok ? '' : parsed.problems.map((p) => p.message).join('; ');
  };
  assert.match(problems('{"prompt": "hi"'), /not valid JSON/);
  assert.match(problems('{"prompt": "hi", "temprature": 1}'), /unknown field "temprature"/);
  assert.match(problems('{"model": "p/m"}'), /no "prompt" or "input"/);
  assert.match(problems('{"prompt": "hi", "stream": true}'), /"stream" cannot be set in a batch/);
  assert.match(problems('{"method": "POST", "url": "/v1/responses", "body": {"input": "x"}}'), /needs a "custom_id"/);
  assert.match(problems('{"custom_id": "a", "method": "GET", "url": "/v1/embeddings", "body": {}}'), /"method" must be "POST".*"url" must be/);
  assert.match(problems('[1]'), /expected a JSON object/);
});

test('a line builds the body create builds for the same flags (one code path), the line overriding the flags', async (t) => {
  const gw = await withGateway(t);
  const dir = tempDir(t);
  const schemaPath = join(dir, 'person.schema.json');
  writeFileSync(schemaPath, JSON.stringify({ type: 'object', properties: { name: { type: 'string' } } }));
  const created = await runCli(['create', 'hello', '-m', 'my-openai/gpt-4o', '-s', 'be brief', '-t', '0.5', '--metadata', 'team=a', '--schema', schemaPath, '--param', 'service_tier="flex"', '--dry-run', '--json'], {
    env: { TFY_LLM_BASE_URL: gw.url, TFY_API_KEY: 'k' },
  });
  assert.equal(created.code, 0, created.stderr);
  const createBody = (JSON.parse(created.stdout) as { body: unknown }).body;
  const options = { instructions: 'be brief', temperature: 0.5, metadata: ['team=a'], schema: schemaPath, param: ['service_tier="flex"'] };
  const { body, route } = await lineRequest(spec('hello'), defaults(options, 'my-openai/gpt-4o'));
  assert.deepEqual(body, createBody);
  assert.equal(route.provider, 'my-openai');
  // A field on the line replaces the flag's value; the model's provider routes the line.
  const overridden = await lineRequest(spec({ prompt: 'hi', model: 'other/m', temperature: 1, service_tier: 'auto', reasoning: { effort: 'low' } }), defaults({ ...options, reasoningEffort: 'high' }, 'my-openai/gpt-4o'));
  assert.equal(overridden.body['temperature'], 1);
  assert.equal(overridden.body['service_tier'], 'auto');
  assert.deepEqual(overridden.body['reasoning'], { effort: 'low' });
  assert.equal(overridden.body.model, 'other/m');
  assert.equal(overridden.route.provider, 'other');
});

test('attachments on a line are create\'s -i and -f: typed by their bytes, in order', async (t) => {
  const dir = tempDir(t);
  const files = writeFixtures(dir);
  const { body } = await lineRequest(spec({ prompt: 'look', image: [files.jpeg], file: files.pdf }), defaults({}, 'p/m'));
  const content = (body.input as { content: { type: string }[] }[])[0]?.content.map((part) => part.type);
  assert.deepEqual(content, ['input_text', 'input_image', 'input_file']);
});

test('checking a file reports every bad line by its number in one go, duplicates included', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'in.jsonl');
  writeFileSync(path, [
    '{"prompt": "fine", "custom_id": "a"}',
    '',
    '{"prompt": "bad json"',
    '{"prompt": "x", "colour": "red"}',
    '{"prompt": "x", "custom_id": "a"}',
    '{"prompt": "x", "image": ["missing.png"]}',
    '{"prompt": "x", "temperature": 7}',
    '{"prompt": "x", "custom_id": "line-1"}',
  ].join('\n'));
  const checked = await checkInput(path, undefined, localCheck(defaults({}, 'p/m')));
  assert.equal(checked.count, 7);
  const byLine = checked.problems.map((p) => `${p.line}: ${p.message}`);
  assert.equal(byLine.length, 5, byLine.join('\n'));
  assert.match(byLine[0] ?? '', /^3: not valid JSON/);
  assert.match(byLine[1] ?? '', /^4: unknown field "colour"/);
  assert.match(byLine[2] ?? '', /^5: custom_id "a" is also on line 1/);
  assert.match(byLine[3] ?? '', /^6: image missing\.png: /);
  assert.match(byLine[4] ?? '', /^7: temperature must be between 0 and 2/);
  // No model anywhere: every line says so.
  const noModel = await checkInput(path, 'text', localCheck(defaults({})));
  assert.ok(noModel.problems.every((p) => /no model given/.test(p.message)));
});

test('lines are streamed: CRLF ends, a character split between chunks, a last line without newline', async () => {
  const euro = Buffer.from('€');
  async function* chunks() {
    yield Buffer.concat([Buffer.from('a\r\nb'), euro.subarray(0, 1)]);
    yield Buffer.concat([euro.subarray(1), Buffer.from('\n\nlast')]);
  }
  const lines = [];
  for await (const line of linesOf(chunks())) lines.push(line);
  assert.deepEqual(lines, [{ number: 1, text: 'a' }, { number: 2, text: 'b€' }, { number: 3, text: '' }, { number: 4, text: 'last' }]);
});

test('format: detected from the first line; text lines are prompts even when one looks like JSON', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'in.txt');
  writeFileSync(path, 'first prompt\n{"prompt": "not JSON here"}\n');
  const read = [];
  for await (const line of readLines(path, undefined)) read.push(line.parsed.ok && line.parsed.spec.text);
  assert.deepEqual(read, ['first prompt', '{"prompt": "not JSON here"}']);
});

test('output lines: the Batch API shape, text lines escaped, and read back for resuming', () => {
  const ok = succeededLine('a', 200, 'req_1', { output: [{ type: 'message', content: [{ type: 'output_text', text: 'hi\tthere\n' }] }] });
  assert.deepEqual(Object.keys(ok), ['id', 'custom_id', 'response', 'error']);
  assert.match(ok.id, /^batch_req_[0-9a-f]{24}$/);
  assert.equal(outputText(ok.response?.body), 'hi\tthere\n');
  assert.deepEqual(readOutputLine(jsonlLine(ok).trim(), 'jsonl'), { customId: 'a', ok: true });
  const bad = failedLine('b', { code: 'server_error', message: 'boom' }, { statusCode: 500, requestId: undefined, body: {} });
  assert.deepEqual(readOutputLine(jsonlLine(bad).trim(), 'jsonl'), { customId: 'b', ok: false });
  assert.equal(readOutputLine('{"custom_id": "a", "resp', 'jsonl'), undefined);
  assert.equal(textLine('a', 'x\ty\nz\\'), 'a\tx\\ty\\nz\\\\\n');
  assert.equal(unescapeText(escapeText('x\ty\r\nz\\n')), 'x\ty\r\nz\\n');
});

test('output lines: a body kept as the gateway sent it, in a line that reads back as the whole line', () => {
  const raw = '{"id":"resp_1","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"a \\"quote\\" and \\u00e9"}]}]}';
  for (const requestId of ['req_"odd"\\', undefined]) {
    const line = succeededRawLine('id "with" quotes\u2028', 200, requestId, JSON.parse(raw), raw);
    const written = jsonlLine(line);
    assert.ok(written.endsWith('}\n') && !written.slice(0, -1).includes('\n'));
    assert.deepEqual(JSON.parse(written), JSON.parse(JSON.stringify(line)));
    assert.deepEqual(Object.keys(JSON.parse(written) as object), ['id', 'custom_id', 'response', 'error']);
    assert.ok(written.includes(`"body":${raw}}`), 'the body is the raw text, not serialised again');
  }
  // A body with a line break in it (between tokens) is serialised, so the line stays one line.
  const broken = '{"id":"resp_2",\n"output":[]}';
  const line = succeededRawLine('b', 200, 'r', JSON.parse(broken), broken);
  assert.equal(jsonlLine(line), `${JSON.stringify(line)}\n`);
});

test('resume: successes kept, failed lines and a torn last line removed', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'out.jsonl');
  writeFileSync(path, jsonlLine(succeededLine('a', 200, 'r', {})) + jsonlLine(failedLine('b', { code: 'x', message: 'y' })) + jsonlLine(succeededLine('c', 200, 'r', {})));
  appendFileSync(path, '{"id": "batch_req_1", "custom_id": "d", "resp');
  const earlier = await readEarlier(path, 'jsonl');
  assert.deepEqual([...earlier.done], ['a', 'c']);
  assert.equal(earlier.failed, 1);
  assert.equal(earlier.torn, 1);
  const lines = readFileSync(path, 'utf8').split('\n');
  assert.equal(lines.length, 3);
  assert.equal(lines[2], '');
  assert.deepEqual(lines.slice(0, 2).map((l) => (JSON.parse(l) as { custom_id: string }).custom_id), ['a', 'c']);
});

test('--ordered: lines wait for the ones before them', () => {
  const written: string[] = [];
  const sink = new OrderedSink({ write: (line) => written.push(line), close: () => {} });
  sink.put(2, 'c');
  sink.put(1, null);
  assert.deepEqual(written, []);
  assert.equal(sink.size, 2);
  sink.put(0, 'a');
  assert.deepEqual(written, ['a', 'c']);
  assert.equal(sink.size, 0);
});
