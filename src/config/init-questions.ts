// The questions of `config init`, one function per answer; each answer is checked as it is typed.
import type { Choice, Prompter } from '../terminal/prompt.ts';
import { forTerminal } from '../terminal/safe-text.ts';
import { maskKey } from '../terminal/redact.ts';
import type { Profile } from './settings.ts';
import { keyProblem, urlProblem } from './shared.ts';

export const SAAS_URL = 'https://gateway.truefoundry.ai';

type Where = 'keep' | 'saas' | 'control-plane' | 'other';

export async function askBaseUrl(prompt: Prompter, current: string | undefined): Promise<string> {
  const choices: { name: string; value: Where; description?: string }[] = [
    { name: `TrueFoundry SaaS: ${SAAS_URL}`, value: 'saas' },
    { name: 'TrueFoundry control plane: https://<control-plane>/api/llm', value: 'control-plane', description: 'your own TrueFoundry installation' },
    { name: 'Another OpenAI-compatible URL', value: 'other', description: 'e.g. http://127.0.0.1:4010/v1' },
  ];
  if (current) choices.unshift({ name: `Keep ${current}`, value: 'keep' });
  const where = await prompt.select({ message: 'Gateway', choices, default: current ? 'keep' : 'saas' });
  const validate = (value: string) => urlProblem(value) ?? true;
  switch (where) {
    case 'keep':
      return current ?? SAAS_URL;
    case 'saas':
      return SAAS_URL;
    case 'control-plane': {
      const url = (await prompt.input({ message: 'Control-plane URL (e.g. https://acme.truefoundry.cloud)', validate })).trim().replace(/\/+$/, '');
      return url.endsWith('/api/llm') ? url : `${url}/api/llm`;
    }
    case 'other':
      return (await prompt.input({ message: "The gateway's OpenAI-compatible base URL", validate })).trim().replace(/\/+$/, '');
  }
}

type KeyHow = 'keep' | 'paste' | 'command';

/** The key by masked input (never echoed), or a command that prints it. */
export async function askKey(prompt: Prompter, existing: Profile): Promise<Pick<Profile, 'api-key' | 'api-key-command'>> {
  const choices: { name: string; value: KeyHow }[] = [
    { name: 'Paste the API key (input hidden)', value: 'paste' },
    { name: 'Run a command that prints it (pass, 1Password CLI, Vault…)', value: 'command' },
  ];
  const kept = existing['api-key'] ? `Keep the current key ${maskKey(existing['api-key'])}` : existing['api-key-command'] ? `Keep the command: ${existing['api-key-command']}` : undefined;
  if (kept) choices.unshift({ name: kept, value: 'keep' });
  const how = await prompt.select({ message: 'API key', choices, default: kept ? 'keep' : 'paste' });
  if (how === 'keep') {
    return existing['api-key'] ? { 'api-key': existing['api-key'] } : { 'api-key-command': existing['api-key-command'] };
  }
  if (how === 'command') {
    const command = await prompt.input({
      message: 'Command that prints the key (e.g. pass show truefoundry/api-key)',
      validate: (value) => (value.trim() ? true : 'type a command'),
    });
    return { 'api-key-command': command.trim() };
  }
  const key = await prompt.password({ message: 'API key (input hidden)', validate: (value) => keyProblem(value.trim()) ?? true });
  return { 'api-key': key.trim() };
}

const WORDS = {
  provider: { message: "Default provider: the gateway's provider account, e.g. openai-main (empty for none)", pattern: /^[^\s/]*$/, problem: 'one word without "/"' },
  model: { message: 'Default model, e.g. gpt-4o or openai-main/gpt-4o (empty for none)', pattern: /^\S*$/, problem: 'one word, no spaces' },
};

/** With `provider` given, a model must either carry its own `provider/` or have that default to go with. */
export async function askWord(prompt: Prompter, what: 'provider' | 'model', current: string | undefined, provider?: string | undefined): Promise<string | undefined> {
  const { message, pattern, problem } = WORDS[what];
  const validate = (value: string): true | string => {
    const word = value.trim();
    if (!pattern.test(word)) return problem;
    // A bare model name with no provider fails every request ("x-tfy-provider-name is missing").
    if (what === 'model' && word !== '' && !word.includes('/') && !provider) return 'no default provider: give the model as provider/model, e.g. my-openai/gpt-4o';
    return true;
  };
  const answer = await prompt.input({ message, default: current, validate });
  return answer.trim() || undefined;
}

/** What the picker's extra rows mean; no model id starts with a space. */
const OTHER = ' other';
const NONE = ' none';

/**
 * The default model picked from the gateway's list, searchable by typing; the provider comes with it.
 * `undefined` when the user would rather type the names.
 */
export async function pickModel(prompt: Prompter, ids: readonly string[], current: string | undefined): Promise<{ provider: string; model: string } | 'none' | undefined> {
  const extra: Choice<string>[] = [
    { name: 'Another name (type the provider and model)', value: OTHER },
    { name: 'No default model', value: NONE },
  ];
  const source = (term: string | undefined): Choice<string>[] => {
    const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const found = ids.filter((id) => words.every((word) => id.toLowerCase().includes(word)));
    // The current default first, so Enter keeps it.
    const ordered = current && found.includes(current) ? [current, ...found.filter((id) => id !== current)] : found;
    return [...ordered.map((id) => ({ name: forTerminal(id), value: id })), ...extra];
  };
  const answer = await prompt.search({ message: `Default model (${ids.length} listed; type to search)`, source, pageSize: 12 });
  if (answer === NONE) return 'none';
  if (answer === OTHER) return undefined;
  const slash = answer.indexOf('/');
  return { provider: slash > 0 ? answer.slice(0, slash) : '', model: answer };
}
