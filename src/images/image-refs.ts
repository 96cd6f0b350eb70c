import { images as bundleImages } from '../model/images.ts';

// Which image each role of the bundles uses, with and without a registry. The online refs are
// the bundles' own interpolation defaults (`${VAR:-default}`), so this file cannot drift from what
// plain `docker compose` would pull.
export type Role = 'app' | 'node' | 'postgres' | 'proxy' | 'otel-collector' | 'grafana';

export interface RoleImages {
  role: Role;
  // The variable the bundles (or, for node, the app image's build) read the ref from.
  envKey: string;
  online: string;
  // The offline kit's stand-in; undefined when nothing can stand in without a registry.
  offline: string | undefined;
  // Built from this repository whatever the mode (the application image).
  builtHere: boolean;
}

export const offlineTags = {
  base: 'identity-offline/debian:trixie',
  node: 'identity-offline/node:24',
  postgres: 'identity-offline/postgres:17',
  proxy: 'identity-offline/haproxy:3.0',
} as const;

export function parseInterpolation(text: string): { envKey: string; fallback: string } {
  const match = /^\$\{([A-Z0-9_]+):-([^}]+)\}$/.exec(text);
  if (match === null) {
    throw new Error(`image reference ${text} is not of the form \${VAR:-default}`);
  }
  return { envKey: match[1]!, fallback: match[2]! };
}

function fromBundle(
  role: Role,
  key: keyof typeof bundleImages,
  offline: string | undefined,
): RoleImages {
  const { envKey, fallback } = parseInterpolation(bundleImages[key]);
  return { role, envKey, online: fallback, offline, builtHere: false };
}

const app = fromBundle('app', 'app', undefined);

export const roleImages: readonly RoleImages[] = [
  { ...app, offline: app.online, builtHere: true },
  {
    role: 'node',
    envKey: 'IDENTITY_NODE_IMAGE',
    online: 'node:24-trixie-slim',
    offline: offlineTags.node,
    builtHere: false,
  },
  fromBundle('postgres', 'postgres', offlineTags.postgres),
  fromBundle('proxy', 'proxy', offlineTags.proxy),
  fromBundle('otel-collector', 'otelCollector', undefined),
  fromBundle('grafana', 'grafana', undefined),
];

export const appImage = app.online;

export function imagesFor(role: Role): RoleImages {
  const found = roleImages.find((entry) => entry.role === role);
  if (found === undefined) throw new Error(`no images for role ${role}`);
  return found;
}
