import type { ResolvedStack } from '../../stack/resolved-stack.ts';
import { type Finding, finding } from '../finding.ts';
import { type ImageFacts, imageFacts } from './image-facts.ts';

export async function collectImages(stack: ResolvedStack): Promise<Map<string, ImageFacts>> {
  const images = new Map<string, ImageFacts>();
  for (const image of new Set(stack.services.map((service) => service.image))) {
    images.set(image, await imageFacts(image));
  }
  return images;
}

// Images that are not here yet: ours must be built; upstream ones are pulled by Compose, or,
// where no registry can be reached, replaced by the offline kit.
export function checkImages(images: Map<string, ImageFacts>): Finding[] {
  return [...images.values()]
    .filter((facts) => !facts.present)
    .map((facts) =>
      facts.image.startsWith('identity-')
        ? finding(
            'error',
            'image-missing',
            facts.image,
            `image ${facts.image} is not built`,
            'identity images ensure',
            'images',
          )
        : finding(
            'warning',
            'image-not-pulled',
            facts.image,
            `image ${facts.image} is not here and will be pulled`,
            'without a registry: identity images offline',
            'images',
          ),
    );
}
