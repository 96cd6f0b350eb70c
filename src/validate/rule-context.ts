import type { Finding } from './finding.ts';
import type { Mapping } from './merge-compose.ts';
import type { ServiceView } from './service-view.ts';

// What every policy rule sees: the merged model, its services in long syntax, where relative
// paths start, and which product profile the files claim to be (if any).
export interface RuleContext {
  merged: Mapping;
  services: ServiceView[];
  projectDir: string;
  // Replicas asked for outside the files (`--scale`), by service.
  scale: Record<string, number>;
  // Set when the base is a product bundle; some rules depend on it (prod: no demo material).
  profile: string | undefined;
}

export type Rule = (context: RuleContext) => Finding[];

export function replicasOf(context: RuleContext, service: ServiceView): number {
  return context.scale[service.name] ?? service.replicas;
}

// One-shot jobs: declared by the product's annotation, or awaited by another service with
// service_completed_successfully.
export function isOneShot(context: RuleContext, service: ServiceView): boolean {
  if (service.annotations['lifetime'] === 'one-shot') return true;
  if (service.annotations['lifetime'] === 'long-running') return false;
  return context.services.some(
    (other) => other.dependsOn[service.name]?.condition === 'service_completed_successfully',
  );
}
