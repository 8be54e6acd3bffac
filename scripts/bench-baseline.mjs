// The yardstick for `create`: the least a script can do with the openai client directly (unbundled).
import OpenAI from 'openai';

const client = new OpenAI({
  apiKey: process.env.TFY_API_KEY,
  baseURL: process.env.TFY_LLM_BASE_URL,
  defaultHeaders: { 'x-tfy-provider-name': 'p' },
});
const response = await client.responses.create({ model: 'p/gpt-4o', input: 'hi' });
process.stdout.write(`${JSON.stringify(response)}\n`);
