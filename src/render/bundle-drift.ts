import { join } from 'node:path';
import type { RenderedFile } from './render-bundle.ts';
import { unifiedDiff } from './unified-diff.ts';
import { readIfExists } from './write-bundle.ts';

export interface Drift {
  path: string;
  state: 'missing' | 'changed';
  diff: string;
}

// Compares freshly rendered files with what is on disk under `dir`.
export async function findDrift(files: RenderedFile[], dir: string): Promise<Drift[]> {
  const drift: Drift[] = [];
  for (const file of files) {
    const committed = await readIfExists(join(dir, file.path));
    if (committed === file.content) continue;
    drift.push({
      path: file.path,
      state: committed === undefined ? 'missing' : 'changed',
      diff: unifiedDiff(committed ?? '', file.content, {
        from: `committed/${file.path}`,
        to: `rendered/${file.path}`,
      }),
    });
  }
  return drift;
}
