import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file holding tsconfig.base.json. */
export function repoRoot(start = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'tsconfig.base.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no Carebus repository above ${start}`);
    dir = parent;
  }
  return dir;
}
