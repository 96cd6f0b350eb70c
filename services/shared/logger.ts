import { hostname } from 'node:os';

import { pino, type Logger } from 'pino';

import type { LogFormat } from './config.ts';

export type { Logger };

export type LoggerOptions = {
  service: string;
  level?: string;
  format?: LogFormat;
};

// Field names that could carry a credential if a caller logs a request or a payload by mistake.
// Redaction is the safety net; the code never puts tokens, passwords or keys in a record.
const redactPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  '*.client_secret',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    service: options.service,
    // Docker sets the hostname to the container id, which tells replicas apart.
    replica: hostname(),
  };
  const settings = {
    level: options.level ?? 'info',
    base,
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };

  if (options.format === 'pretty') {
    return pino({
      ...settings,
      transport: { target: 'pino-pretty', options: { colorize: false } },
    });
  }
  return pino(settings);
}
