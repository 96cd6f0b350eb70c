import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readableLogLine } from './log-line.ts';

describe('readableLogLine', () => {
  it('shows level, message, code and hint of a service record, without time or replica', () => {
    const line = JSON.stringify({
      level: 'fatal',
      time: '2026-12-03T16:44:44.771Z',
      service: 'migrate',
      replica: '5358cf8291b9',
      code: 'secret_unreadable',
      hint: 'secret files must be mode 0444',
      cause: 'EACCES: permission denied',
      msg: 'migrate failed: PGPASSWORD_FILE=/run/secrets/db_app_password cannot be read',
    });
    assert.equal(
      readableLogLine(line),
      'fatal: migrate failed: PGPASSWORD_FILE=/run/secrets/db_app_password cannot be read ' +
        '(code secret_unreadable, cause EACCES: permission denied); ' +
        'hint: secret files must be mode 0444',
    );
  });

  it('shows a request record with its method, path and status', () => {
    const line = JSON.stringify({
      level: 'warn',
      msg: 'request',
      method: 'GET',
      path: '/readyz',
      status: 503,
    });
    assert.equal(readableLogLine(line), 'warn: request (method GET, path /readyz, status 503)');
  });

  it('keeps lines of other programs as they are', () => {
    const line = '2026-12-03 16:44:44 UTC [1] LOG:  database system is ready';
    assert.equal(readableLogLine(line), line);
    assert.equal(readableLogLine('{not json'), '{not json');
  });
});
