import type { AppServiceName } from './app-services.ts';

export const profileNames = ['demo', 'dev', 'ci', 'prod'] as const;

export type ProfileName = (typeof profileNames)[number];

export type Scale = Record<AppServiceName, number>;

export interface ProbeTiming {
  interval: string;
  timeout: string;
  retries: number;
  startPeriod: string;
  startInterval: string;
}

// What makes one profile differ from another; every builder reads only this, never the name.
export interface Profile {
  name: ProfileName;
  defaultScale: Scale;
  logLevel: 'debug' | 'info';
  logFormat: 'json' | 'pretty';
  // The database lives in a named volume (kept between runs) or on tmpfs (nothing persisted).
  databaseStorage: 'volume' | 'tmpfs';
  tls: boolean;
  hardened: boolean;
  demoMaterial: boolean;
  // Demo users written by migrate (SEED_DEMO).
  seedDemoUsers: boolean;
  debugPorts: boolean;
  mountSources: boolean;
  probes: ProbeTiming;
}

const standardProbes: ProbeTiming = {
  interval: '10s',
  timeout: '3s',
  retries: 3,
  startPeriod: '60s',
  startInterval: '1s',
};

const fastProbes: ProbeTiming = {
  interval: '5s',
  timeout: '2s',
  retries: 3,
  startPeriod: '60s',
  startInterval: '500ms',
};

function uniformScale(count: number): Scale {
  return { authz: count, idp: count, rs: count, spa: count };
}

export const profiles: Record<ProfileName, Profile> = {
  demo: {
    name: 'demo',
    defaultScale: uniformScale(1),
    logLevel: 'info',
    logFormat: 'json',
    databaseStorage: 'volume',
    tls: false,
    hardened: false,
    demoMaterial: true,
    seedDemoUsers: true,
    debugPorts: false,
    mountSources: false,
    probes: standardProbes,
  },
  dev: {
    name: 'dev',
    defaultScale: uniformScale(2),
    logLevel: 'debug',
    logFormat: 'pretty',
    databaseStorage: 'volume',
    tls: false,
    hardened: false,
    demoMaterial: true,
    seedDemoUsers: false,
    debugPorts: true,
    mountSources: true,
    probes: standardProbes,
  },
  ci: {
    name: 'ci',
    defaultScale: uniformScale(1),
    logLevel: 'info',
    logFormat: 'json',
    databaseStorage: 'tmpfs',
    tls: false,
    hardened: false,
    demoMaterial: true,
    seedDemoUsers: false,
    debugPorts: false,
    mountSources: false,
    probes: fastProbes,
  },
  prod: {
    name: 'prod',
    defaultScale: uniformScale(3),
    logLevel: 'info',
    logFormat: 'json',
    databaseStorage: 'volume',
    tls: true,
    hardened: true,
    demoMaterial: false,
    seedDemoUsers: false,
    debugPorts: false,
    mountSources: false,
    probes: standardProbes,
  },
};

export function isProfileName(value: string): value is ProfileName {
  return (profileNames as readonly string[]).includes(value);
}
