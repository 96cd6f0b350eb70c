// The labels every image of the offline kit carries: what it is, what it stands in for, and that
// it was built locally. Values are facts about the build, never secrets or host names.
export interface StandInDescription {
  tag: string;
  standsInFor: string;
  version: string;
  sourceDir: string;
  baseName?: string;
  description: string;
}

export function standInLabels(stand: StandInDescription): Record<string, string> {
  const labels: Record<string, string> = {
    'org.opencontainers.image.title': stand.tag,
    'org.opencontainers.image.description': stand.description,
    'org.opencontainers.image.version': stand.version,
    'org.opencontainers.image.source': `identity repository, ${stand.sourceDir}`,
    'identity.offline': 'true',
    'identity.offline.stands-in-for': stand.standsInFor,
  };
  if (stand.baseName !== undefined) labels['org.opencontainers.image.base.name'] = stand.baseName;
  return labels;
}
