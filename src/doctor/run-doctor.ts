import { CliError } from '../cli/cli-error.ts';
import { type ExitCodeName, ExitCode } from '../cli/exit-codes.ts';
import { createOutput } from '../cli/output.ts';
import type { GlobalOptions } from '../cli/stack-options.ts';
import { inspectProject } from '../docker/inspect-project.ts';
import type { Profile } from '../stack/profiles.ts';
import { loadResolvedStack } from '../stack/resolved-stack.ts';
import { oneShotServices } from '../stack/run-status.ts';
import { loadState } from '../stack/project-state.ts';
import { makeTarget } from '../stack/stack-target.ts';
import { checkBundleRules } from './checks/bundle-rules.ts';
import { checkHealthcheckProbes } from './checks/healthcheck-probes.ts';
import { checkHost } from './checks/host-checks.ts';
import { checkImages, collectImages } from './checks/image-checks.ts';
import { checkPorts } from './checks/port-checks.ts';
import { checkRuntime } from './checks/runtime-checks.ts';
import { checkSecretAccess } from './checks/secret-access.ts';
import type { Finding } from './finding.ts';

// Which exit code an error finding stands for; the first kind in this order wins.
const exitKinds: [RegExp, ExitCodeName][] = [
  [/^docker-engine$/, 'docker'],
  [/^(secret-|secrets)/, 'secrets'],
  [/^port-taken$/, 'portTaken'],
  [
    /^(oom-killed|restarts|one-shot-failed|container-exited|unhealthy|issuer-mismatch)$/,
    'notReady',
  ],
  [/.*/, 'invalidBundle'],
];

export interface DoctorFlags {
  profile?: Profile;
  project: string;
  file: string[];
}

export async function runDoctor(flags: DoctorFlags, global: GlobalOptions): Promise<void> {
  const output = createOutput(global);
  const host = await checkHost();
  const findings: Finding[] = [...host.findings];
  if (!findings.some((f) => f.rule === 'docker-engine')) {
    findings.push(...(await checkStack(flags)));
  }

  const errors = findings.filter((f) => f.severity === 'error');
  output.result({ facts: host.facts, findings, ok: errors.length === 0 }, () => {
    const facts = Object.entries(host.facts)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    if (findings.length === 0) return `${facts}\nno problems found`;
    const rows = findings.map((f) => ({
      ...f,
      severity: f.severity === 'error' ? output.color.bad('error') : f.severity,
    }));
    return (
      `${facts}\n${output.table(rows, ['severity', 'rule', 'subject', 'message', 'fix'])}\n` +
      `runbooks: ${[...new Set(findings.map((f) => f.runbook))].join(' ')}`
    );
  });
  if (errors.length > 0) {
    const kinds = errors.map((f) => exitKinds.findIndex(([pattern]) => pattern.test(f.rule)));
    const kind = exitKinds[Math.min(...kinds)]![1];
    process.exitCode = ExitCode[kind];
  }
}

async function checkStack(flags: DoctorFlags): Promise<Finding[]> {
  const state = await loadState(flags.project);
  const profile = flags.profile ?? state?.profile ?? 'demo';
  const files = flags.file.length > 0 ? flags.file : (state?.files ?? []);
  const target = makeTarget({ project: flags.project, profile, files });
  const findings = await checkBundleRules(target.files, profile);
  let stack;
  try {
    stack = await loadResolvedStack(flags.project, target.files, {});
  } catch (error) {
    if (findings.some((f) => f.severity === 'error')) return findings;
    throw new CliError('invalidBundle', 'docker compose cannot read the bundle', { cause: error });
  }
  const images = await collectImages(stack);
  findings.push(...checkImages(images));
  findings.push(...(await checkSecretAccess(stack, images)));
  const reported = new Set(
    findings
      .filter((f) => f.rule === 'healthcheck-binary-missing')
      .map((f) => f.subject.split(':')[0]!),
  );
  findings.push(...(await checkHealthcheckProbes(stack, images, reported)));

  const containers = await inspectProject(flags.project, ['IDENTITY_ISSUER']);
  if (containers.length === 0) findings.push(...(await checkPorts(stack, flags.project, profile)));
  else
    findings.push(...checkRuntime(containers, await oneShotServices(flags.project), flags.project));
  return findings;
}
