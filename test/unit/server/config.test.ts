/** Server configuration: errors name the field; secrets only from files or environment; OpenAPI from the routes. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecret } from '../../../engine/server/auth/secrets.js';
import { bearerToken, TokenRegistry } from '../../../engine/server/auth/token-registry.js';
import { loadServerConfig, parseServerConfig } from '../../../engine/server/config-load.js';
import { allRouteDefs } from '../../../engine/server/rest/build-app.js';
import { openApiDocument } from '../../../engine/server/rest/openapi.js';

describe('server config', () => {
  it.each([
    [{ httpPort: 70000 }, /httpPort: expected an integer in \[0, 65535\], got 70000/],
    [
      { apiTokens: [{ name: 'x', role: 'root', tokenEnv: 'X' }] },
      /apiTokens\[0\]\.role: expected one of viewer, operator, admin/,
    ],
    [
      { apiTokens: [{ name: 'x', role: 'admin', token: 'inline-secret' }] },
      /apiTokens\[0\]\.token: inline secrets are not allowed/,
    ],
    [{ limits: { bogus: 1 } }, /limits\.bogus: unknown field/],
    [{ what: 1 }, /what: unknown field/],
    [{ store: 'mysql' }, /store: expected memory or postgres/],
    [{ postgres: { url: 'postgres://u:pw@h/db' } }, /postgres\.url: inline passwords are not allowed/],
  ])('%j is refused naming the field', (raw, msg) => {
    expect(() => parseServerConfig(raw, 'cfg.yaml')).toThrow(msg);
  });

  it('an error never echoes a secret value', () => {
    try {
      parseServerConfig({ apiTokens: [{ name: 'x', role: 'admin', token: 'hunter2-secret' }] });
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
    expect(() => readSecret({ env: 'AGENTSCHED_TEST_MISSING_VAR' }, {})).toThrow(
      /AGENTSCHED_TEST_MISSING_VAR is not set/,
    );
  });

  it('loads YAML with token files; tokens are held hashed and matched exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentsched-cfg-'));
    writeFileSync(join(dir, 'admin.token'), 's3cret-admin\n');
    writeFileSync(
      join(dir, 'c.yaml'),
      `httpPort: 0\napiTokens:\n  - { name: ops, role: admin, tokenFile: ${join(dir, 'admin.token')} }\n`,
    );
    const cfg = loadServerConfig(join(dir, 'c.yaml'));
    expect(cfg.apiTokens[0]).toMatchObject({
      name: 'ops',
      role: 'admin',
      secret: { file: join(dir, 'admin.token') },
    });
    const reg = new TokenRegistry();
    reg.addApiToken(readSecret(cfg.apiTokens[0]!.secret), { name: 'ops', role: 'admin' });
    expect(reg.apiIdentity('s3cret-admin')?.role).toBe('admin');
    expect(reg.apiIdentity('s3cret-admin ')).toBeUndefined();
    expect(JSON.stringify(reg)).not.toContain('s3cret');
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
  });

  it('the OpenAPI 3.1 document lists every route with its role and problem responses', () => {
    const routes = allRouteDefs({ config: { limits: { tasksPerDagMax: 10 } } as never });
    const doc = openApiDocument(routes, '1.0.0') as {
      openapi: string;
      paths: Record<string, Record<string, any>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of routes) {
      const op = doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]![r.method.toLowerCase()];
      expect(op['x-required-role']).toBe(r.access);
      if (r.access !== 'public')
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(
      doc.paths['/v1/dags']!.post.requestBody.content['application/json'].schema.properties.tasks,
    ).toBeDefined();
  });
});
