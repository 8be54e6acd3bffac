// The spec's promise, checked by tsc (npm test runs it over test/ too): a flag whose key, flag text or
// schema disagree does not compile. Each @ts-expect-error fails the type check if the error goes away.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod/mini';
import { arg, defineCommand, option, parsedOption, type ArgsOf, type OptionsOf } from '../src/spec/define.ts';
import { decimalNumber } from '../src/spec/parsers.ts';

const good = defineCommand({
  name: 'try',
  description: 'a command that type-checks',
  args: [arg('<id>'), arg('[words...]')],
  options: {
    maxOutputTokens: parsedOption('--max-output-tokens <n>', 'n', decimalNumber, z.optional(z.number())),
    store: option('--no-store', 'no store', z._default(z.boolean(), true)),
    model: option('-m, --model <id>', 'model', z.optional(z.string())),
  },
});

test('what execute() gets is inferred from the spec', () => {
  const options: OptionsOf<typeof good> = { maxOutputTokens: 16, store: true, model: undefined };
  const args: ArgsOf<typeof good> = ['resp_1', ['a', 'b']];
  // @ts-expect-error: a switch's schema output is a boolean, not a string
  const wrong: OptionsOf<typeof good> = { store: 'yes' };
  assert.ok(options && args && wrong);
});

test('a key that is not the flag, or a schema that refuses the flag\'s value, does not compile', () => {
  const specs = [
    defineCommand({
      name: 'bad-key',
      description: '',
      args: [],
      // @ts-expect-error: the key `temp` is not the flag --temperature
      options: { temp: parsedOption('-t, --temperature <n>', '', decimalNumber, z.optional(z.number())) },
    }),
    defineCommand({
      name: 'bad-schema',
      description: '',
      args: [],
      // @ts-expect-error: the flag gives a string, the schema wants a number
      options: { model: option('--model <id>', '', z.optional(z.number())) },
    }),
    defineCommand({
      name: 'bad-switch',
      description: '',
      args: [],
      // @ts-expect-error: a switch gives a boolean, the schema wants a string
      options: { background: option('--background', '', z.optional(z.string())) },
    }),
  ];
  assert.equal(specs.length, 3);
});
