import { error } from '../finding.ts';
import type { Finding } from '../finding.ts';
import { isOneShot, type RuleContext } from '../rule-context.ts';
import type { ServiceView } from '../service-view.ts';

function sameProfiles(a: ServiceView, b: ServiceView): boolean {
  return [...a.profiles].sort().join(',') === [...b.profiles].sort().join(',');
}

function describeProfiles(service: ServiceView): string {
  return service.profiles.length === 0 ? 'always on' : `profiles ${service.profiles.join(', ')}`;
}

// `up --wait` fails on a job that exits 0 unless a running service waits for it with
// service_completed_successfully (K02); and a dependency in a profile that is off stops `up`.
export function checkDependencies(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const byName = new Map(context.services.map((service) => [service.name, service]));
  for (const job of context.services.filter((service) => isOneShot(context, service))) {
    const awaited = context.services.some(
      (other) =>
        !isOneShot(context, other) &&
        sameProfiles(other, job) &&
        other.dependsOn[job.name]?.condition === 'service_completed_successfully',
    );
    if (awaited) continue;
    findings.push(
      error('one-shot-without-dependant', {
        service: job.name,
        field: 'depends_on',
        message: `one-shot job ${job.name} has no long-running dependant (${describeProfiles(job)}) that waits for it with service_completed_successfully, so docker compose up --wait fails when it exits`,
        fix: `add depends_on: { ${job.name}: { condition: service_completed_successfully } } to a long-running service in the same profile`,
      }),
    );
  }
  for (const service of context.services) {
    for (const [name, dependency] of Object.entries(service.dependsOn)) {
      const target = byName.get(name);
      if (target === undefined) {
        findings.push(
          error('depends-on-unknown', {
            service: service.name,
            field: `depends_on.${name}`,
            message: `service ${service.name} depends on ${name}, which no file defines`,
            fix: `define ${name} or drop the dependency`,
          }),
        );
        continue;
      }
      if (!dependency.required || target.profiles.length === 0) continue;
      const covered =
        service.profiles.length > 0 && service.profiles.every((p) => target.profiles.includes(p));
      if (covered) continue;
      findings.push(
        error('depends-on-inactive-profile', {
          service: service.name,
          field: `depends_on.${name}`,
          message: `service ${service.name} (${describeProfiles(service)}) depends on ${name}, which runs only with ${describeProfiles(target)}`,
          fix: `put both in the same profile, or mark the dependency required: false`,
        }),
      );
    }
  }
  return findings;
}
