// Whether a config file may be believed, as ssh decides for ~/.ssh: a key or an api-key-command read
// from a file or folder that someone else can write (or owns) could be theirs, and the command would
// run as us. Refused, with the fix.
import { statSync, type Stats } from 'node:fs';
import type { ConfigLocation } from './settings.ts';

export interface TrustProblem {
  /** What is wrong, naming the file or folder. */
  problem: string;
  /** The command that fixes it. */
  fix: string;
}

/** `uid` is the user the files must belong to (or root); injectable so tests need not run as another user. */
export function configTrustProblem(location: ConfigLocation, uid: number | undefined = process.getuid?.()): TrustProblem | undefined {
  return pathProblem(location.dir, 'folder', uid) ?? pathProblem(location.path, 'file', uid);
}

function pathProblem(path: string, what: 'file' | 'folder', uid: number | undefined): TrustProblem | undefined {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    return undefined; // nothing there, nothing to believe
  }
  if (uid !== undefined && stat.uid !== uid && stat.uid !== 0) {
    return { problem: `the config ${what} ${path} belongs to another user (uid ${stat.uid})`, fix: `chown ${uid} ${path}` };
  }
  const mode = stat.mode & 0o777;
  if ((mode & 0o022) !== 0) {
    const who = (mode & 0o002) !== 0 ? 'anyone' : 'its group';
    return { problem: `the config ${what} ${path} can be changed by ${who} (mode 0${mode.toString(8)})`, fix: `chmod go-w ${path}` };
  }
  return undefined;
}
