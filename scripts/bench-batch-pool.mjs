// The yardstick for `batch run` at zero latency: the openai client in a promise pool of the same size,
// one request per line of the same file, nothing else (no checks, no output file).
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';

const [path, size] = [process.argv[2], Number(process.argv[3])];
const prompts = readFileSync(path, 'utf8').split('\n').filter(Boolean);
const client = new OpenAI({ apiKey: process.env.TFY_API_KEY, baseURL: process.env.TFY_LLM_BASE_URL, defaultHeaders: { 'x-tfy-provider-name': 'p' } });
let next = 0;
async function worker() {
  while (next < prompts.length) {
    const input = prompts[next++];
    await client.responses.create({ model: 'p/gpt-4o', input });
  }
}
await Promise.all(Array.from({ length: size }, worker));
