import { access, constants } from 'node:fs/promises';
import { relative } from 'node:path';
import { CliError } from '../cli/cli-error.ts';
import { runDocker } from '../docker/run-docker.ts';
import { repoRoot } from '../paths.ts';
import {
  choosePortAdvice,
  describeHolder,
  findTakenPorts,
  publishedPorts,
  startCommand,
} from '../stack/port-check.ts';
import type { ResolvedStack } from '../stack/resolved-stack.ts';
import type { StackTarget } from '../stack/stack-target.ts';

// Checks made before anything is created, so that a start that cannot work fails without
// leaving containers, networks or volumes behind.
export async function preflight(target: StackTarget, stack: ResolvedStack): Promise<void> {
  await checkBundle(target);
  await checkSecretFiles(target, stack);
  await checkImages(stack);
  await checkSecretAccess(stack);
  await checkPorts(target, stack);
}

// The bundle and the user's overrides must pass validation at the requested scale: a fixed
// container_name or host port on a scaled service fails here, before anything is created.
async function checkBundle(target: StackTarget): Promise<void> {
  const { validateFiles } = await import('../validate/validate-files.ts');
  const report = await validateFiles({
    files: target.files,
    profile: target.profile,
    scale: target.scale,
    useDocker: false,
  });
  const errors = report.findings.filter((finding) => finding.severity === 'error');
  if (errors.length === 0) return;
  const [first, ...others] = errors;
  // The first error is the message and its fix the hint; the details list only the others.
  throw new CliError('invalidBundle', first!.message, {
    details: others.map((f) => `also ${f.rule}: ${f.message}; fix: ${f.fix}`),
    hint: `${first!.fix} (rule ${first!.rule}; \`identity validate\` lists every finding)`,
  });
}

async function checkSecretFiles(target: StackTarget, stack: ResolvedStack): Promise<void> {
  const missing: string[] = [];
  for (const secret of stack.secretFiles) {
    try {
      await access(secret.file, constants.R_OK);
    } catch {
      missing.push(relative(repoRoot, secret.file));
    }
  }
  if (missing.length > 0) {
    throw new CliError('secrets', `${missing.length} secret files are missing or unreadable`, {
      details: missing,
      hint: `run \`identity secrets init --profile ${target.profile}\` (it never overwrites)`,
    });
  }
}

// A secret file the service's user certainly cannot read (the doctor's secret-unreadable rule)
// would stop that service after its dependencies were created; say so before creating anything.
async function checkSecretAccess(stack: ResolvedStack): Promise<void> {
  const { collectImages } = await import('../doctor/checks/image-checks.ts');
  const access = await import('../doctor/checks/secret-access.ts');
  const { problems } = await access.findSecretAccessProblems(stack, await collectImages(stack));
  const certain = problems.filter((problem) => problem.certain);
  if (certain.length === 0) return;
  const first = certain[0]!;
  throw new CliError(
    'secrets',
    `secret ${first.secret} cannot be read by uid ${first.readerUid}, ` +
      `the user of ${first.services.join(', ')}`,
    {
      details: certain.map(
        (p) =>
          `/run/secrets/${p.secret} is ${p.file}: owner uid ${p.ownerUid}, ` +
          `mode ${p.mode.toString(8).padStart(4, '0')}`,
      ),
      hint:
        `chmod 0444 ${[...new Set(certain.map((p) => p.file))].join(' ')} ` +
        '(the folder stays 0700; see docs/secrets.md)',
    },
  );
}

async function checkImages(stack: ResolvedStack): Promise<void> {
  const images = [...new Set(stack.services.map((service) => service.image))];
  const missing: string[] = [];
  for (const image of images) {
    const result = await runDocker(['image', 'inspect', '--format', '{{.Id}}', image], {
      reject: false,
    });
    if (result.exitCode !== 0) missing.push(image);
  }
  if (missing.length === 0) return;
  const local = missing.filter((image) => image.startsWith('identity-'));
  if (local.length > 0) {
    throw new CliError('notReady', `images not built yet: ${local.join(', ')}`, {
      hint: 'run `identity images ensure` (builds the app image, and the offline kit if needed)',
    });
  }
  // Pull upstream images here, so that a machine without a registry hears which image and why
  // before anything is created.
  for (const image of missing) {
    process.stderr.write(`pulling ${image}\n`);
    const pulled = await runDocker(['pull', '--quiet', image], {
      reject: false,
      timeoutMs: 300_000,
    });
    if (pulled.exitCode === 0) continue;
    const observability = /otel|grafana/.test(image);
    throw new CliError('notReady', `image ${image} is not here and cannot be pulled`, {
      details: [pulled.stderr.trim().split('\n').at(-1) ?? ''],
      hint: observability
        ? 'the observability profile needs the OpenTelemetry collector and Grafana images from a ' +
          'registry; the offline kit cannot build them: start without --observability'
        : 'without a registry, build local stand-ins: identity images offline',
    });
  }
}

async function checkPorts(target: StackTarget, stack: ResolvedStack): Promise<void> {
  const ports = publishedPorts(stack);
  const taken = await findTakenPorts(ports, target.project);
  if (taken.length === 0) return;
  const details = taken.map(
    (holder) =>
      `${holder.hostIp}:${holder.port} (needed by ${holder.service}) is held by ${describeHolder(holder)}`,
  );
  throw new CliError('portTaken', `host port ${taken[0]!.port} is already in use`, {
    details,
    hint: await choosePortAdvice(taken[0]!, startCommand(target.project, target.profile)),
  });
}
