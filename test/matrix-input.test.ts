// The matrix, part 1: bad input and missing configuration. Each row: the exit code, one error line,
// the hint, no stack trace, no key, and nothing sent to the gateway.
import { after, before } from 'node:test';
import { startGateway, type FakeGateway } from './helpers/fake-gateway.ts';
import { runMatrix, SECRET, type MatrixCase } from './helpers/matrix.ts';

let gw: FakeGateway;
before(async () => {
  gw = await startGateway({ apiKeys: [SECRET] });
});
after(() => gw.close());

const usage = 2;
const config = 3;
const help = /^see tfy-llm create --help$/;

export const INPUT_CASES: MatrixCase[] = [
  // Flags and values commander rejects.
  { name: 'unknown flag', argv: ['create', 'hi', '--bogus'], code: usage, message: /^unknown option '--bogus'$/, hint: help, sent: 0 },
  { name: 'unknown command', argv: ['nope'], code: usage, message: /^unknown command 'nope'$/, hint: /^see tfy-llm --help$/, sent: 0 },
  { name: 'misspelt command (with a suggestion)', argv: ['crate', 'hi'], code: usage, message: /^unknown command 'crate'$/, sent: 0 },
  { name: 'flag missing its value', argv: ['create', 'hi', '--model'], code: usage, message: /^option '-m, --model <id>' argument missing$/, hint: help, sent: 0 },
  { name: '--timeout not a number', argv: ['create', 'hi', '-m', 'p/m', '--timeout', 'soon'], code: usage, message: /^option '--timeout <seconds>' argument 'soon' is invalid\. expected a number of seconds greater than 0, at most 86400 \(a day\)$/, sent: 0 },
  { name: '--timeout 0', argv: ['create', 'hi', '-m', 'p/m', '--timeout', '0'], code: usage, message: /argument '0' is invalid/, sent: 0 },
  { name: '--timeout negative', argv: ['create', 'hi', '-m', 'p/m', '--timeout', '-5'], code: usage, message: /argument '-5' is invalid/, sent: 0 },
  { name: '--max-retries negative', argv: ['create', 'hi', '-m', 'p/m', '--max-retries', '-1'], code: usage, message: /^option '--max-retries <n>' argument '-1' is invalid\. expected a whole number/, sent: 0 },
  { name: '--max-retries fraction', argv: ['create', 'hi', '-m', 'p/m', '--max-retries', '1.5'], code: usage, message: /argument '1\.5' is invalid/, sent: 0 },
  { name: '--max-retries word', argv: ['create', 'hi', '-m', 'p/m', '--max-retries', 'lots'], code: usage, message: /argument 'lots' is invalid/, sent: 0 },
  { name: 'usage error with --json: also the JSON line', argv: ['create', 'hi', '--timeout', 'soon', '--json'], code: usage, message: /argument 'soon' is invalid/, sent: 0 },

  // Meaning checked by the command, before any request.
  { name: 'no prompt at all', argv: ['create', '-m', 'p/m'], code: usage, message: /^no prompt given$/, hint: /pipe it on stdin/, sent: 0 },
  { name: 'empty stdin and no words', argv: ['create', '-m', 'p/m'], stdin: '', code: usage, message: /^no prompt given$/, sent: 0 },
  { name: 'a blank prompt', argv: ['create', '   ', '-m', 'p/m'], code: usage, message: /^no prompt given$/, sent: 0 },
  { name: '"-" with only whitespace on stdin', argv: ['create', '-', '-m', 'p/m'], stdin: '\n \n', code: usage, message: /^no prompt given$/, sent: 0 },
  { name: 'no model anywhere', argv: ['create', 'hi'], code: usage, message: /^no model given$/, hint: /--model provider\/model/, sent: 0 },
  { name: 'a header without a colon', argv: ['create', 'hi', '-m', 'p/m', '-H', 'no colon'], code: usage, message: /^invalid header "no colon": expected "Name: value"$/, sent: 0 },
  { name: 'a header with a line break', argv: ['create', 'hi', '-m', 'p/m', '-H', 'X-Team: a\r\nX-Evil: b'], code: usage, message: /^invalid header "X-Team": the value has a line break$/, sent: 0 },
  { name: '--base-url not http(s)', argv: ['create', 'hi', '-m', 'p/m', '--base-url', 'ftp://gateway.example'], code: usage, message: /^the base URL from --base-url is not an http\(s\) URL: "ftp:\/\/gateway\.example"$/, hint: /https:\/\/gateway\.truefoundry\.ai or https:\/\/<control-plane>\/api\/llm/, sent: 0 },
  { name: '--base-url not a URL', argv: ['create', 'hi', '-m', 'p/m', '--base-url', 'gateway'], code: usage, message: /not an http\(s\) URL: "gateway"/, sent: 0 },
  { name: 'bad input with --json: also the JSON line', argv: ['create', '-m', 'p/m', '--json'], code: usage, message: /^no prompt given$/, sent: 0 },

  // Configuration: exit 3, and it is reported before anything else.
  { name: 'no base URL', argv: ['create', 'hi', '-m', 'p/m'], env: { TFY_LLM_BASE_URL: undefined }, code: config, message: /^no gateway base URL is configured$/, hint: /tfy-llm config init.*TFY_LLM_BASE_URL/, sent: 0 },
  { name: 'no API key', argv: ['create', 'hi', '-m', 'p/m'], env: { TFY_API_KEY: undefined }, code: config, message: /^no API key is configured$/, hint: /TFY_API_KEY/, sent: 0 },
  { name: 'TFY_LLM_BASE_URL not a URL', argv: ['create', 'hi', '-m', 'p/m'], env: { TFY_LLM_BASE_URL: 'gateway.example' }, code: config, message: /^the base URL from TFY_LLM_BASE_URL is not an http\(s\) URL/, hint: /gateway\.truefoundry\.ai/, sent: 0 },
  { name: 'TFY_HOST not http(s)', argv: ['create', 'hi', '-m', 'p/m'], env: { TFY_LLM_BASE_URL: undefined, TFY_HOST: 'ftp://cp.example' }, code: config, message: /^the base URL from TFY_HOST is not an http\(s\) URL/, sent: 0 },
  { name: 'missing config comes before a missing prompt', argv: ['create'], env: { TFY_LLM_BASE_URL: undefined }, code: config, message: /^no gateway base URL is configured$/, sent: 0 },
  { name: 'config error with --json: also the JSON line', argv: ['create', 'hi', '-m', 'p/m', '--json'], env: { TFY_API_KEY: undefined }, code: config, message: /^no API key is configured$/, sent: 0 },
];

runMatrix(INPUT_CASES, {
  places: () => ({ GW: gw.url }),
  sent: () => gw.requests.length,
  clear: () => gw.clear(),
});
