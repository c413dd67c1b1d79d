/** Paths of the DAG test fixtures and of the optional shared data folder. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/dag', name);
export const sharedData = resolve(repoRoot, '../shared/data');
export const wfcommonsDir = resolve(sharedData, 'wfcommons');
export const hasWfcommons = existsSync(resolve(wfcommonsDir, 'MANIFEST.json'));
