// The secrets domain as the CLI (and `start`, `doctor`) use it.
export { catalog, isSecretName, profileNames, type ProfileName } from './catalog.ts';
export { allProblems, checkSecrets, type CheckReport } from './check-secrets.ts';
export { initSecrets, type InitResult } from './init-secrets.ts';
export { formatAge, listSecrets, type ListedSecret } from './list-secrets.ts';
export { formatProblem, type Problem } from './problem.ts';
export { checkSecretName, rotateSecret, type RotateResult } from './rotate-secret.ts';
export { rotateLive, type LiveRotateResult } from './live/rotate-live.ts';
export { chooseRotationTarget } from './live/rotation-target.ts';
export { displayPath, resolveSecretsDir } from './secrets-dir.ts';
export { SecretsError } from './secrets-error.ts';
