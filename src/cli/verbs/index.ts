import type { Command } from 'commander';
import { registerDoctor } from './doctor.ts';
import { registerHealth } from './health.ts';
import { registerImages } from './images.ts';
import { registerLogs } from './logs.ts';
import { registerScale } from './scale.ts';
import { registerSecrets } from './secrets.ts';
import { registerSmoke } from './smoke.ts';
import { registerStart } from './start.ts';
import { registerRender } from './render.ts';
import { registerStatus } from './status.ts';
import { registerStop } from './stop.ts';
import { registerSupportBundle } from './support-bundle.ts';
import { registerValidate } from './validate.ts';

// Every verb registers itself on the program; the order here is the order in --help.
export type RegisterVerb = (program: Command) => void;

export const verbs: RegisterVerb[] = [
  registerStart,
  registerStop,
  registerStatus,
  registerHealth,
  registerLogs,
  registerSmoke,
  registerScale,
  registerRender,
  registerValidate,
  registerSecrets,
  registerDoctor,
  registerImages,
  registerSupportBundle,
];
