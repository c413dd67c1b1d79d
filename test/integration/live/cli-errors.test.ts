/** `serve` and `agent` refuse bad input with exit 2 and `error: …` naming the option, no stack trace. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';

describe('live CLI errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentsched-cli-live-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'httpPort: 99999\n');

  it.each([
    [['serve', '--config', bad], /error: .*httpPort: expected an integer in \[0, 65535\], got 99999/],
    [
      ['serve', '--config', join(dir, 'missing.yaml')],
      /error: cannot read config file .*missing\.yaml: ENOENT/,
    ],
    [['serve', '--http-port', 'abc'], /error: --http-port must be a port number/],
    [['agent', '--engine', 'not an address'], /error: --engine must be host:port/],
    [['agent', '--engine', '127.0.0.1:1', '--exec', 'teleport'], /error: --exec must be shell, sleep or cpu/],
    [
      ['agent', '--engine', '127.0.0.1:1', '--slots', '0'],
      /error: --slots must be an integer in \[1, 4096\]/,
    ],
  ])('agentsched %j exits 2', (args, message) => {
    const r = cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('`serve --store postgres` with a database nobody listens on exits 2 naming the store', () => {
    // Port 1 on loopback: refused at once. The store stack loads inside the command (see serve.ts).
    const r = cli(['serve', '--store', 'postgres', '--http-port', '0', '--grpc-port', '0'], {
      env: { AGENTSCHED_PG_URL: 'postgres://127.0.0.1:1/agentsched' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot start: postgres .*127\.0\.0\.1:1.*ECONNREFUSED/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
