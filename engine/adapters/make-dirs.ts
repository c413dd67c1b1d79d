/**
 * `mkdir -p` for the folders the CLI, sweeps, reports and the model store write into.
 *
 * Not `mkdirSync(dir, { recursive: true })`: Node's recursive mkdir treats ENOENT as "the parent is
 * missing", creates the parent (EEXIST: fine) and retries, forever, when the parent exists but cannot hold
 * the child — procfs answers ENOENT for any new name, so `--out /proc/x` spun at 100% CPU and never
 * returned. Here the missing levels are found first and created one at a time without `recursive`, so
 * every failure surfaces as the ordinary Node error (code, syscall and path), which the CLI reports as
 * `error: cannot create folder …`.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let cur = resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(cur).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = dirname(cur);
      if (code === 'ENOENT' && parent !== cur) {
        missing.push(cur);
        cur = parent;
        continue;
      }
      // ENOTDIR (a file on the way), EACCES …: report it as creating the folder asked for.
      throw fsError(code ?? 'EIO', resolve(dir));
    }
    if (!isDir) throw fsError('ENOTDIR', cur);
    break;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    const p = missing[i]!;
    try {
      mkdirSync(p);
    } catch (err) {
      // Created meanwhile by someone else (a concurrent sweep shard): fine if it is a folder.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!statSync(p).isDirectory()) throw fsError('ENOTDIR', p);
    }
  }
}

function fsError(code: string, path: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: cannot create folder, mkdir '${path}'`);
  err.code = code;
  err.syscall = 'mkdir';
  err.path = path;
  return err;
}
