import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { type Browser, chromium, type Page } from 'playwright-core';

import { demoUser } from '../migrate/seed-demo.ts';
import { startIdentityStack, type IdentityStack } from '../test-support/identity-stack.ts';

// The demo app in a real browser: oauth4webapi runs in Chromium against the stack behind one
// origin, as a person would use it. Needs Debian's chromium (scripts/test.sh installs it).
const chromiumPath = '/usr/bin/chromium';

let stack: IdentityStack;
let browser: Browser;
let page: Page;

before(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing; install Debian package chromium`);
  }
  stack = await startIdentityStack();
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('signs in, calls the API, refreshes and signs out in a browser', async () => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(`${stack.issuer}/app/`);
  await page.locator('#status', { hasText: 'Signed out' }).waitFor();
  await page.click('#login');

  await page.waitForURL(/\/interaction\//);
  await page.fill('#username', demoUser.username);
  await page.fill('#password', demoUser.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('h1', { hasText: 'Allow access' }).waitFor();
  await page.getByRole('button', { name: 'Allow', exact: true }).click();

  await page.waitForURL(`${stack.issuer}/app/`);
  await page.locator('#status', { hasText: 'Signed in as demo' }).waitFor();
  const claims = JSON.parse((await page.textContent('#claims')) ?? '{}');
  assert.equal(claims.email, 'demo@example.test');

  await page.click('#call-items');
  await page.locator('#api', { hasText: '200 /items' }).waitFor();
  assert.match((await page.textContent('#api')) ?? '', /Fountain pen/);

  await page.click('#refresh');
  await page.click('#call-me');
  await page.locator('#api', { hasText: '200 /me' }).waitFor();
  assert.match((await page.textContent('#api')) ?? '', new RegExp(`"sub": "${claims.sub}"`));

  await page.click('#logout');
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.waitForURL(`${stack.issuer}/app/`);
  await page.locator('#status', { hasText: 'Signed out' }).waitFor();
  assert.deepEqual(pageErrors, []);
});
