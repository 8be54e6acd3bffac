// Every command: where its spec is and where its execute() is, both loaded only when needed. tsc checks
// here that each execute() takes what its spec promises.
import type { ArgsOf, CommandSpec, RawOptionsOf } from '../spec/define.ts';
import type { CommandDeps } from '../spec/deps.ts';

/** A command's execute(): its positional values, the flags as commander parsed them (it checks them with checkOptions, among its other checks), its deps. */
export type Execute<C> = (args: ArgsOf<C>, options: RawOptionsOf<C>, deps: CommandDeps) => Promise<number>;

/** A command ready to wire: its spec, and a way to run it with what commander parsed. */
export interface Entry {
  spec: CommandSpec;
  run: (args: unknown[], options: unknown, deps: CommandDeps) => Promise<number>;
}

/** A top-level command (or group): its name, and its entries once loaded (a group's first is the group itself). */
export interface Registered {
  name: string;
  load: () => Promise<Entry[]>;
}

/**
 * Pairs a spec with its execute(). The one cast in the wiring: commander hands over the positional
 * values in the order and shape the same spec declared, and its options under the keys the spec gave them.
 */
export function entry<C extends CommandSpec>(spec: C, load: () => Promise<{ execute: Execute<C> }>): Entry {
  return {
    spec,
    run: async (args, options, deps) => (await load()).execute(args as ArgsOf<C>, options as RawOptionsOf<C>, deps),
  };
}

const single = (name: string, load: () => Promise<Entry>): Registered => ({ name, load: async () => [await load()] });

/** In top-level help order. */
export const COMMANDS: readonly Registered[] = [
  single('create', async () => entry((await import('../commands/create/spec.ts')).spec, () => import('../commands/create/create.ts'))),
  single('chat', async () => entry((await import('../commands/chat/spec.ts')).spec, () => import('../commands/chat/chat.ts'))),
  single('retrieve', async () => entry((await import('../commands/retrieve/spec.ts')).spec, () => import('../commands/retrieve/retrieve.ts'))),
  single('delete', async () => entry((await import('../commands/delete/spec.ts')).spec, () => import('../commands/delete/delete.ts'))),
  single('cancel', async () => entry((await import('../commands/cancel/spec.ts')).spec, () => import('../commands/cancel/cancel.ts'))),
  single('input-items', async () => entry((await import('../commands/input-items/spec.ts')).spec, () => import('../commands/input-items/input-items.ts'))),
  single('history', async () => entry((await import('../commands/history/spec.ts')).spec, () => import('../commands/history/history.ts'))),
  single('models', async () => entry((await import('../commands/models/spec.ts')).spec, () => import('../commands/models/models.ts'))),
  {
    name: 'batch',
    load: async () => {
      const specs = await import('../commands/batch/spec.ts');
      return [
        entry(specs.group, () => import('../commands/batch/group.ts')),
        entry(specs.run, () => import('../commands/batch/run.ts')),
        entry(specs.submit, () => import('../commands/batch/submit.ts')),
        entry(specs.resume, () => import('../commands/batch/resume.ts')),
        entry(specs.status, () => import('../commands/batch/status.ts')),
        entry(specs.results, () => import('../commands/batch/results.ts')),
        entry(specs.cancel, () => import('../commands/batch/cancel.ts')),
        entry(specs.list, () => import('../commands/batch/list.ts')),
      ];
    },
  },
  single('demo', async () => entry((await import('../commands/demo/spec.ts')).spec, () => import('../commands/demo/demo.ts'))),
  single('completion', async () => entry((await import('../commands/completion/spec.ts')).spec, () => import('../commands/completion/completion.ts'))),
  {
    name: 'config',
    load: async () => {
      const specs = await import('../commands/config/spec.ts');
      return [
        // Bare `config` is `config init` with no name.
        entry(specs.group, async () => {
          const { execute } = await import('../commands/config/init.ts');
          return { execute: (_args, options, deps) => execute([undefined], options, deps) };
        }),
        entry(specs.init, () => import('../commands/config/init.ts')),
        entry(specs.add, () => import('../commands/config/add.ts')),
        entry(specs.list, () => import('../commands/config/list.ts')),
        entry(specs.show, () => import('../commands/config/show.ts')),
        entry(specs.use, () => import('../commands/config/use.ts')),
        entry(specs.remove, () => import('../commands/config/remove.ts')),
        entry(specs.path, () => import('../commands/config/path.ts')),
        entry(specs.set, () => import('../commands/config/set.ts')),
        entry(specs.get, () => import('../commands/config/get.ts')),
        entry(specs.unset, () => import('../commands/config/unset.ts')),
      ];
    },
  },
  single('doctor', async () => entry((await import('../commands/doctor/spec.ts')).spec, () => import('../commands/doctor/doctor.ts'))),
];
