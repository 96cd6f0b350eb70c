import { type LoginResult, loginAs } from '../../src/smoke/login-flow.ts';

export const demoUser = { username: 'demo', password: 'demo-password-change-me' };

// One full login of the demo user as the `spa` client, as the smoke verb does it.
export function loginAsDemoUser(issuer: string): Promise<LoginResult> {
  return loginAs(issuer, demoUser);
}

export type { LoginResult };
