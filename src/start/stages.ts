import type { ResolvedService, ResolvedStack } from '../stack/resolved-stack.ts';

export interface Stage {
  name: 'jobs' | 'services';
  services: ResolvedService[];
}

// Splits a start in two: the one-shot jobs with everything they need, then the rest. Compose
// creates every container of an `up` before it waits for any dependency, so a single `up` would
// leave containers of authz, idp and rs behind a migration that failed; run in stages, the
// services that need a job are not even created until it has exited 0.
export function planStages(stack: ResolvedStack): Stage[] {
  const byName = new Map(stack.services.map((service) => [service.name, service]));
  const first = new Set<string>();
  const visit = (name: string): void => {
    if (first.has(name) || !byName.has(name)) return;
    first.add(name);
    for (const dependency of byName.get(name)!.dependsOn) visit(dependency);
  };
  for (const service of stack.services) if (service.oneShot) visit(service.name);

  const jobs = stack.services.filter((service) => first.has(service.name));
  const rest = stack.services.filter((service) => !first.has(service.name));
  return [
    ...(jobs.length === 0 ? [] : [{ name: 'jobs' as const, services: jobs }]),
    ...(rest.length === 0 ? [] : [{ name: 'services' as const, services: rest }]),
  ];
}

// The services of a stack that need a given job, directly or through another service.
export function dependantsOf(stack: ResolvedStack, job: string): string[] {
  const found = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const service of stack.services) {
      if (found.has(service.name)) continue;
      if (service.dependsOn.some((name) => name === job || found.has(name))) {
        found.add(service.name);
        grew = true;
      }
    }
  }
  return [...found].sort();
}
