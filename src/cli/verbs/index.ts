import type { Command } from 'commander';

// Every verb registers itself on the program; the order here is the order in --help.
export type RegisterVerb = (program: Command) => void;

export const verbs: RegisterVerb[] = [];
