import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InspectedContainer } from '../docker/inspect-project.ts';
import { compareRouting, parseStatsCsv } from './proxy-routing.ts';

const reply = [
  'HTTP/1.1 200 OK',
  'content-type: text/plain',
  '',
  '# pxname,svname,qcur,status,weight,addr,',
  'public,FRONTEND,,OPEN,,,',
  'authz,authz1,0,UP,1,172.18.0.5:3000,',
  'authz,authz2,0,DOWN 1/2,1,172.18.0.6:3000,',
  'authz,authz3,0,MAINT (resolution),1,,',
  'authz,BACKEND,0,UP,1,,',
  'rs,rs1,0,UP,1,172.18.0.7:3002,',
  'rs,rs2,0,UP 1/2,1,172.18.0.8:3002,',
  '',
].join('\r\n');

function container(service: string, index: number, state = 'running'): InspectedContainer {
  return {
    id: `${service}${index}`,
    name: `p-${service}-${index}`,
    service,
    state,
    health: 'healthy',
    exitCode: 0,
    restartCount: 0,
    oomKilled: false,
    env: {},
    secretSources: {},
    probeLog: [],
  };
}

describe('proxy routing', () => {
  it('reads server rows by column name and leaves frontends and backends out', () => {
    assert.deepEqual(parseStatsCsv(reply), [
      { backend: 'authz', server: 'authz1', status: 'UP' },
      { backend: 'authz', server: 'authz2', status: 'DOWN 1/2' },
      { backend: 'authz', server: 'authz3', status: 'MAINT (resolution)' },
      { backend: 'rs', server: 'rs1', status: 'UP' },
      { backend: 'rs', server: 'rs2', status: 'UP 1/2' },
    ]);
  });

  it('names a backend that routes to fewer replicas than run, with the servers not up', () => {
    const containers = [
      container('authz', 1),
      container('authz', 2),
      container('rs', 1),
      container('rs', 2),
    ];
    assert.deepEqual(compareRouting(parseStatsCsv(reply), containers), [
      'authz: 1 of 2 replicas in rotation (authz2 DOWN 1/2)',
    ]);
  });

  it('names a backend that still routes to a replica that no longer runs', () => {
    const containers = [container('authz', 1), container('rs', 1), container('rs', 2, 'exited')];
    assert.deepEqual(compareRouting(parseStatsCsv(reply), containers), [
      'rs: 2 of 1 replicas in rotation',
    ]);
  });
});
