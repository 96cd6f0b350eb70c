import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImagesError } from './images-error.ts';

// The Debian mirrors the host's apt already uses: the offline kit's root file system and its
// images fetch from the same places, so the repository never names a mirror.
export interface DebianMirrors {
  archive: string;
  // undefined when the host has no security mirror configured.
  security: string | undefined;
}

interface AptSource {
  uri: string;
  suites: string[];
}

const debianSuite = /^(buster|bullseye|bookworm|trixie|forky|duke|sid|stable|testing|unstable)/;

export function parseDeb822(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (match !== null) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
    }
    if (fields.get('enabled') === 'no') continue;
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue;
    const suites = (fields.get('suites') ?? '').split(/\s+/).filter(Boolean);
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) {
      sources.push({ uri, suites });
    }
  }
  return sources;
}

export function parseOneLine(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (match !== null) sources.push({ uri: match[1]!, suites: [match[2]!] });
  }
  return sources;
}

export function pickMirrors(sources: AptSource[], suite: string): DebianMirrors | undefined {
  const debian = sources.filter((source) => source.suites.some((s) => debianSuite.test(s)));
  const isSecurity = (source: AptSource) =>
    source.suites.some((s) => s.endsWith('-security') || s.endsWith('/updates'));

  const archives = debian.filter((source) => !isSecurity(source));
  const archive =
    archives.find((source) => source.suites.includes(suite)) ?? archives[0] ?? undefined;
  if (archive === undefined) return undefined;
  const security = debian.find(isSecurity);
  return { archive: trimSlash(archive.uri), security: security && trimSlash(security.uri) };
}

export async function readHostMirrors(suite: string, root = '/etc/apt'): Promise<DebianMirrors> {
  const override = process.env['IDENTITY_DEBIAN_MIRROR'];
  if (override !== undefined && override !== '') {
    const security = process.env['IDENTITY_DEBIAN_SECURITY_MIRROR'];
    return { archive: override, security: security === '' ? undefined : security };
  }

  const sources = [...parseOneLine(await readOrEmpty(join(root, 'sources.list')))];
  const partDir = join(root, 'sources.list.d');
  const parts = await readdir(partDir).catch(() => [] as string[]);
  for (const name of parts.sort()) {
    const text = await readOrEmpty(join(partDir, name));
    if (name.endsWith('.sources')) sources.push(...parseDeb822(text));
    if (name.endsWith('.list')) sources.push(...parseOneLine(text));
  }

  const mirrors = pickMirrors(sources, suite);
  if (mirrors === undefined) {
    throw new ImagesError(
      'prerequisite-missing',
      `no Debian mirror in the apt sources under ${root}`,
      {
        hint:
          'set IDENTITY_DEBIAN_MIRROR to a Debian mirror URI ' +
          '(and IDENTITY_DEBIAN_SECURITY_MIRROR to its security mirror)',
      },
    );
  }
  return mirrors;
}

function trimSlash(uri: string): string {
  return uri.replace(/\/+$/, '');
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    // A missing or unreadable sources file is simply not a source.
    if (['ENOENT', 'EACCES', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? ''))
      return '';
    throw error;
  }
}
