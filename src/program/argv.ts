// A command line read once: the words that name the command, and the flags that change how a run
// (or its failure) is told. Used by the loader (which code cache), the program (which command to
// build) and main (--json and --verbose when the options could not be parsed).

export interface CommandLine {
  /** The words that are not flags, in order (values of flags among them: root flags take none). */
  words: string[];
  /** The first word: the command, or "" for none. `help <command>` names <command>. */
  command: string;
  /** Any help view: --help, -h, or the help command. */
  help: boolean;
  json: boolean;
  verbose: boolean;
}

export function readCommandLine(argv: readonly string[]): CommandLine {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const help = words[0] === 'help' || argv.includes('--help') || argv.includes('-h');
  return {
    words,
    command: (words[0] === 'help' ? words[1] : words[0]) ?? '',
    help,
    json: argv.includes('--json'),
    verbose: argv.includes('--verbose') || argv.includes('-v'),
  };
}

/** `help config set` is `config set --help`: commander's help command reads only one word. */
export function expandHelp(argv: readonly string[]): readonly string[] {
  if (argv[0] !== 'help' || argv.length < 3 || argv.slice(1).some((arg) => arg.startsWith('-'))) return argv;
  return [...argv.slice(1), '--help'];
}
