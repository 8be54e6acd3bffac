// Help text that several commands' specs share.

/** How the stored-response commands choose the provider (cli-spec: Provider routing). */
export const ROUTING_HELP = `
The x-tfy-provider-name header is --provider, else the provider recorded in the local history for
that id, else TFY_LLM_PROVIDER or the profile's. "last" is the newest response of the current profile.`;

/** An "Examples:" help section. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`;
}
