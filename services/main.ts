// The application image's entry point: the first argument picks the role (docs/services.md).
// Roles are imported on demand so `healthcheck` starts in milliseconds without loading the
// provider, and a role's start-up failure is reported as one JSON line naming the cause.
import { loadLogFormat, loadLogLevel } from './shared/config.ts';
import { stopOnSignals } from './shared/http-server.ts';
import { createLogger, type Logger } from './shared/logger.ts';
import type { ServiceStarter } from './shared/service-context.ts';
import { isServiceError } from './shared/service-error.ts';
import { startTelemetry } from './shared/telemetry.ts';

const services: Record<string, () => Promise<ServiceStarter>> = {
  authz: async () => (await import('./authz/start-authz.ts')).startAuthz,
  idp: async () => (await import('./idp/start-idp.ts')).startIdp,
  rs: async () => (await import('./rs/start-rs.ts')).startRs,
  spa: async () => (await import('./spa/start-spa.ts')).startSpa,
};
const usage = 'usage: main.ts authz | idp | rs | spa | migrate | healthcheck <url>';

async function main(args: string[]): Promise<number | undefined> {
  const [role, ...rest] = args;
  if (role === 'healthcheck') {
    const { runHealthcheck } = await import('./healthcheck.ts');
    return runHealthcheck(rest[0]);
  }
  if (role !== 'migrate' && (role === undefined || !(role in services))) {
    console.error(`unknown role "${role ?? ''}"\n${usage}`);
    return 2;
  }

  const logger = createBootstrapLogger(role);
  try {
    if (role === 'migrate') {
      const { runMigrate } = await import('./migrate/run-migrate.ts');
      await runMigrate(process.env, logger);
      logger.info('migrate finished');
      return 0;
    }
    const telemetry = startTelemetry(process.env, role, logger);
    const start = await services[role]!();
    const service = await start(process.env, logger);
    stopOnSignals(service, logger, () => telemetry.shutdown());
    return undefined;
  } catch (error) {
    reportFatal(logger, role, error);
    return 1;
  }
}

// Log settings are validated again by each role; an invalid value must not hide the real error.
function createBootstrapLogger(service: string): Logger {
  const safe = <T>(read: () => T, fallback: T) => {
    try {
      return read();
    } catch {
      return fallback;
    }
  };
  return createLogger({
    service,
    level: safe(() => loadLogLevel(process.env), 'info'),
    format: safe(() => loadLogFormat(process.env), 'json'),
  });
}

function reportFatal(logger: Logger, role: string, error: unknown): void {
  if (isServiceError(error)) {
    logger.fatal(
      { code: error.code, hint: error.hint, cause: describeCause(error.cause) },
      `${role} failed: ${error.message}`,
    );
  } else {
    logger.fatal({ err: error }, `${role} failed`);
  }
}

function describeCause(cause: unknown): string | undefined {
  return cause instanceof Error ? cause.message : undefined;
}

const code = await main(process.argv.slice(2));
// A long-running role keeps the event loop alive; a finished one exits with its code. Flushing
// is synchronous for pino's default destination, so nothing is lost by exiting here.
if (code !== undefined) process.exit(code);
