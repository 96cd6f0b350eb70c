import { join } from 'node:path';
import { imagesFor, offlineTags } from './image-refs.ts';
import { kitSourceDir } from './kit-cache.ts';
import type { NpmDist } from './npm-dist.ts';

// The stand-ins the offline kit builds, each from its folder under images/offline/ on top of the
// imported Debian base.
export type StandInName = 'node' | 'postgres' | 'haproxy';

export interface StandIn {
  name: StandInName;
  tag: string;
  standsInFor: string;
  version: string;
  description: string;
  contextDir: string;
  buildArgs: Record<string, string>;
  buildContexts: Record<string, string>;
  // Files outside the context the build reads (through a named context), for the inputs hash.
  extraFiles: [string, string][];
}

export const standInNames: readonly StandInName[] = ['node', 'postgres', 'haproxy'];

export function describeStandIn(name: StandInName, dist: NpmDist | undefined): StandIn {
  const contextDir = join(kitSourceDir, name);
  switch (name) {
    case 'node': {
      if (dist === undefined) throw new Error('the node stand-in needs the npm tarballs');
      return {
        name,
        tag: offlineTags.node,
        standsInFor: imagesFor('node').online,
        version: dist.nodeVersion,
        description:
          `Offline stand-in for node:24: Node.js ${dist.nodeVersion} ` +
          `and npm ${dist.npmVersion} from the npm registry`,
        contextDir,
        buildArgs: {
          NODE_PACKAGE: dist.nodePackage,
          NODE_VERSION: dist.nodeVersion,
          NPM_VERSION: dist.npmVersion,
        },
        buildContexts: { 'npm-dist': dist.dir },
        extraFiles: dist.files.map((file) => [`npm-dist/${file}`, join(dist.dir, file)]),
      };
    }
    case 'postgres':
      return {
        name,
        tag: offlineTags.postgres,
        standsInFor: imagesFor('postgres').online,
        version: '17',
        description: 'Offline stand-in for postgres:17: PostgreSQL 17 from Debian packages',
        contextDir,
        buildArgs: {},
        buildContexts: {},
        extraFiles: [],
      };
    case 'haproxy':
      return {
        name,
        tag: offlineTags.proxy,
        standsInFor: imagesFor('proxy').online,
        version: '3.0',
        description: 'Offline stand-in for haproxy:3.0: HAProxy 3.0 from Debian packages',
        contextDir,
        buildArgs: {},
        buildContexts: {},
        extraFiles: [],
      };
  }
}
