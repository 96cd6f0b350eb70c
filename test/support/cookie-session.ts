// The suites use the CLI's own browser stand-in (the smoke verb drives the same login).
export { CookieSession, readForm } from '../../src/smoke/cookie-session.ts';
