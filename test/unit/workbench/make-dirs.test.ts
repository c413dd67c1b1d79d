/**
 * `makeDirs` (engine/adapters/make-dirs.ts) replaces `mkdirSync(dir, { recursive: true })` for output
 * folders: same result where that works, a prompt error where Node's version loops forever (procfs).
 */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../../../engine/adapters/make-dirs.js';
import { cli } from '../../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'agentsched-mkdirs-'));

describe('makeDirs', () => {
  it('creates every missing level and accepts a folder that exists', () => {
    const deep = join(tmp, 'a', 'b', 'c');
    makeDirs(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDirs(deep);
    makeDirs(tmp);
  });

  it('fails with ENOTDIR when a file is in the way, naming the folder asked for', () => {
    const file = join(tmp, 'plain-file');
    writeFileSync(file, 'x');
    expect(() => makeDirs(file)).toThrow(expect.objectContaining({ code: 'ENOTDIR', path: file }));
    const below = join(file, 'sub', 'dir');
    expect(() => makeDirs(below)).toThrow(expect.objectContaining({ code: 'ENOTDIR', syscall: 'mkdir' }));
    expect(existsSync(below)).toBe(false);
  });

  it.runIf(process.platform === 'linux' && existsSync('/proc/self'))(
    'returns an error under /proc, where a recursive mkdirSync never returns',
    () => {
      expect(() => makeDirs('/proc/agentsched-no-such/dir')).toThrow(
        expect.objectContaining({ code: 'ENOENT', path: '/proc/agentsched-no-such' }),
      );
    },
  );

  it('the CLI reports an output folder it cannot create as the user’s error (exit 2), not as a bug', () => {
    const file = join(tmp, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = cli(['run', 'scenarios/small/tiny.yaml', '--quiet', '--report', join(file, 'report')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: cannot create folder ${join(file, 'report', 'charts')}: a part of the path is not a folder (ENOTDIR)\n`,
    );
  });
});
