import { inspectImage } from './docker-images.ts';
import { roleImages, type Role } from './image-refs.ts';
import { readSelection } from './image-selection.ts';

// Every image the bundles (and the application image's build) can use: for each role the
// upstream ref and, where there is one, the offline stand-in; whether it is here, how large, and
// which one .env selects.
export interface CatalogEntry {
  role: Role;
  image: string;
  source: 'upstream' | 'offline' | 'built here';
  selected: boolean;
  present: boolean;
  sizeBytes: number | null;
}

export async function listCatalog(envPath?: string): Promise<CatalogEntry[]> {
  const selection = await readSelection(envPath);
  const candidates: Omit<CatalogEntry, 'present' | 'sizeBytes'>[] = [];

  for (const images of roleImages) {
    if (images.builtHere) {
      candidates.push({
        role: images.role,
        image: images.online,
        source: 'built here',
        selected: true,
      });
      continue;
    }
    const chosen = selection[images.role];
    candidates.push({
      role: images.role,
      image: images.online,
      source: 'upstream',
      selected: chosen === images.online,
    });
    if (images.offline !== undefined) {
      candidates.push({
        role: images.role,
        image: images.offline,
        source: 'offline',
        selected: chosen === images.offline,
      });
    }
    // A ref the user set by hand in .env is listed too, so the table shows what Compose will use.
    if (chosen !== images.online && chosen !== images.offline) {
      candidates.push({ role: images.role, image: chosen, source: 'upstream', selected: true });
    }
  }

  return Promise.all(
    candidates.map(async (candidate) => {
      const local = await inspectImage(candidate.image);
      return { ...candidate, present: local !== undefined, sizeBytes: local?.sizeBytes ?? null };
    }),
  );
}
