/**
 * Helpers for live-mode tests: real `agentsched serve` / `agentsched agent` processes over loopback
 * (127.0.0.1, random free ports), a small REST client, and waiting with bounded time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export const TOKENS = {
  admin: 'test-admin-token-0123456789',
  operator: 'test-operator-token-0123456789',
  viewer: 'test-viewer-token-0123456789',
  agent: 'test-agent-token-0123456789',
} as const;

export const TOKEN_ENV = {
  AGENTSCHED_ADMIN_TOKEN: TOKENS.admin,
  AGENTSCHED_OPERATOR_TOKEN: TOKENS.operator,
  AGENTSCHED_VIEWER_TOKEN: TOKENS.viewer,
  AGENTSCHED_AGENT_TOKEN: TOKENS.agent,
};

export interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Spawns the CLI with the test tokens in its environment. */
export function spawnCli(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Proc {
  const child = spawn(process.execPath, [...nodeArgs, join(repoRoot, 'bin', 'agentsched.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...TOKEN_ENV, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls `check` every `everyMs` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface ServerProc extends Proc {
  http: string;
  grpc: string;
}

/** Starts `agentsched serve` on free loopback ports and waits for its "listening" line. */
export async function startServerProcess(
  extraArgs: string[] = [],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ServerProc> {
  const p = spawnCli(
    [
      'serve',
      '--host',
      '127.0.0.1',
      '--http-port',
      '0',
      '--grpc-port',
      '0',
      '--log-level',
      'warn',
      ...extraArgs,
    ],
    env,
    nodeArgs,
  );
  const line = await waitFor(
    () => {
      if (p.child.exitCode !== null) throw new Error(`serve exited ${p.child.exitCode}: ${p.stderr()}`);
      return p
        .stdout()
        .split('\n')
        .find((l) => l.includes('"listening"'));
    },
    60_000,
    'the server to listen',
  );
  const info = JSON.parse(line) as { http: string; grpc: string };
  return { ...p, http: info.http, grpc: info.grpc };
}

/** Sends SIGTERM and waits (bounded) for the exit code. */
export async function stopProcess(p: Proc, timeoutMs = 15_000): Promise<number | null> {
  if (p.child.exitCode !== null) return p.child.exitCode;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}

/** A JSON request to the REST API. */
export async function api(
  http: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; json: any; type: string }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`http://${http}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json, type: res.headers.get('content-type') ?? '' };
}
