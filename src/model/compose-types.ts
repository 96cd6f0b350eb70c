// The subset of the Compose specification the stack model renders. Field names are Compose's own,
// so a rendered service is a plain object of this shape and needs no translation.
export interface ComposeFile {
  name: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, Record<string, unknown>>;
  secrets?: Record<string, { file: string }>;
  configs?: Record<string, { file: string }>;
}

export interface ComposeService {
  profiles?: string[];
  image: string;
  entrypoint?: string[];
  command?: string[];
  user?: string;
  environment?: Record<string, string>;
  secrets?: string[];
  configs?: ComposeMount[];
  volumes?: string[];
  tmpfs?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: DependsOnCondition; required?: boolean }>;
  healthcheck?: Healthcheck;
  read_only?: boolean;
  cap_drop?: string[];
  cap_add?: string[];
  security_opt?: string[];
  restart?: string;
  stop_grace_period?: string;
  logging?: { driver: string; options?: Record<string, string> };
  deploy?: Deploy;
  // Product annotations that validate reads; Compose ignores x- keys.
  'x-identity'?: IdentityAnnotations;
}

export type DependsOnCondition =
  'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeMount {
  source: string;
  target: string;
}

export interface Healthcheck {
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  start_period: string;
  start_interval: string;
}

export interface Deploy {
  replicas?: number;
  resources?: { limits: { cpus: string; memory: string; pids: number } };
}

export interface IdentityAnnotations {
  // 'long-running' services must turn healthy; 'one-shot' jobs must exit 0.
  lifetime: 'long-running' | 'one-shot';
  // Whether replicas are interchangeable and may be scaled.
  scalable: boolean;
  // Secrets the service reads through a config file instead of a _FILE variable.
  'secrets-via-config'?: string[];
  // Why a long-running service has no container healthcheck, when it cannot have one.
  'no-healthcheck'?: string;
}
