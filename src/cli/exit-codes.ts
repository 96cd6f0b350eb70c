// The exit codes of DESIGN.md ("CLI"): stable, part of the contract with scripts and CI.
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  docker: 3,
  portTaken: 4,
  notReady: 5,
  secrets: 6,
  invalidBundle: 7,
  interrupted: 130,
} as const;

export type ExitCodeName = keyof typeof ExitCode;
