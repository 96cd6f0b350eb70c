import { join } from 'node:path';
import { repoRoot } from '../paths.ts';

// Downloads and intermediate files of the offline kit live in the checkout's git-ignored .build/,
// so a second run reuses them.
export const kitCacheDir = join(repoRoot, '.build', 'offline');

export const kitSourceDir = join(repoRoot, 'images', 'offline');

export const kitSuite = 'trixie';
