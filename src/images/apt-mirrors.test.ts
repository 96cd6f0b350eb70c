import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDeb822, parseOneLine, pickMirrors } from './apt-mirrors.ts';

const deb822 = `Types: deb
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main

Types: deb
URIs: https://vendor.example/apt
Suites: nodistro
Components: main

Types: deb-src
URIs: http://src.example/debian
Suites: trixie
Components: main
`;

describe('apt sources', () => {
  it('reads URIs and suites from deb822 stanzas, skipping deb-src and disabled ones', () => {
    const disabled = 'Types: deb\nURIs: http://off.example/debian\nSuites: trixie\nEnabled: no\n';
    const sources = parseDeb822(`${deb822}\n${disabled}`);
    assert.deepEqual(
      sources.map((source) => source.uri),
      [
        'http://mirror.example/debian',
        'http://mirror.example/debian-security',
        'https://vendor.example/apt',
      ],
    );
  });

  it('reads one-line sources with options and comments', () => {
    const text = '# a comment\ndeb [arch=amd64] http://one.example/debian trixie main\n';
    assert.deepEqual(parseOneLine(text), [
      { uri: 'http://one.example/debian', suites: ['trixie'] },
    ]);
  });

  it('picks the Debian archive and security mirrors and ignores third-party sources', () => {
    assert.deepEqual(pickMirrors(parseDeb822(deb822), 'trixie'), {
      archive: 'http://mirror.example/debian',
      security: 'http://mirror.example/debian-security',
    });
  });

  it('prefers the archive that already lists the wanted suite', () => {
    const sources = [
      { uri: 'http://old.example/debian/', suites: ['bookworm'] },
      { uri: 'http://new.example/debian/', suites: ['trixie'] },
    ];
    assert.deepEqual(pickMirrors(sources, 'trixie'), {
      archive: 'http://new.example/debian',
      security: undefined,
    });
  });

  it('finds nothing when no source is Debian', () => {
    assert.equal(
      pickMirrors(parseOneLine('deb https://x.example/apt nodistro main'), 'trixie'),
      undefined,
    );
  });
});
