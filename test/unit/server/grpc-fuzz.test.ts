/**
 * gRPC fuzzing: undecodable bytes, structurally valid but wrong messages, oversized messages and missing
 * tokens on Register and Connect get INVALID_ARGUMENT / RESOURCE_EXHAUSTED / UNAUTHENTICATED (or OK when
 * the input happens to be valid), never INTERNAL or UNKNOWN, and the engine keeps serving.
 */
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClientConstructor } from '../../../engine/server/grpc/load-proto.js';
import type { RunningServer } from '../../../engine/server/server.js';
import { TOKENS } from '../../helpers/live.js';
import { startTestServer } from './test-server.js';

const MSG_MAX = 64 * 1024;
let server: RunningServer;
let raw: grpc.Client;
let typed: grpc.Client & Record<string, any>;
const md = new grpc.Metadata();
md.set('authorization', `Bearer ${TOKENS.agent}`);
const ALLOWED = new Set([grpc.status.OK, grpc.status.INVALID_ARGUMENT, grpc.status.RESOURCE_EXHAUSTED]);

const identity = (b: Buffer) => b;
const RawClient = grpc.makeGenericClientConstructor(
  {
    Register: {
      path: '/agentsched.v1.AgentGateway/Register',
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
    Connect: {
      path: '/agentsched.v1.AgentGateway/Connect',
      requestStream: true,
      responseStream: true,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  },
  'Raw',
);

beforeAll(async () => {
  server = await startTestServer({ limits: { grpcMessageBytesMax: MSG_MAX, agentsMax: 100_000 } as never });
  raw = new RawClient(`127.0.0.1:${server.grpcPort}`, grpc.credentials.createInsecure());
  const Typed = agentClientConstructor();
  typed = new Typed(`127.0.0.1:${server.grpcPort}`, grpc.credentials.createInsecure()) as never;
});
afterAll(async () => {
  raw.close();
  typed.close();
  await server.close();
});

function unary(client: grpc.Client, req: unknown, meta = md): Promise<grpc.status> {
  return new Promise((resolve) => {
    (client as any).Register(req, meta, { deadline: Date.now() + 10_000 }, (err: grpc.ServiceError | null) =>
      resolve(err ? err.code : grpc.status.OK),
    );
  });
}

/** Opens a stream, writes `messages`, half-closes, and resolves with the final status. */
function stream(client: grpc.Client, messages: unknown[], meta = md): Promise<grpc.status> {
  return new Promise((resolve) => {
    const call = (client as any).Connect(meta, { deadline: Date.now() + 10_000 });
    call.on('data', () => {});
    call.on('status', (s: grpc.StatusObject) => resolve(s.code));
    call.on('error', () => {});
    for (const m of messages) call.write(m);
    call.end();
  });
}

describe('gRPC fuzzing', () => {
  it('Register with random bytes: OK or INVALID_ARGUMENT, never INTERNAL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        const code = await unary(raw, Buffer.from(bytes));
        expect(ALLOWED.has(code), `status ${code}`).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('Register with structurally valid but wrong fields: OK or INVALID_ARGUMENT', async () => {
    const spec = fc.record({
      agentId: fc.oneof(fc.string({ maxLength: 140 }), fc.constantFrom('a', 'ok-agent')),
      cluster: fc.string({ maxLength: 70 }),
      type: fc.string({ maxLength: 10 }),
      capabilities: fc.array(fc.string({ maxLength: 70 }), { maxLength: 70 }),
      slots: fc.integer({ min: 0, max: 10_000 }),
      speed: fc.oneof(fc.double(), fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY)),
      memoryMb: fc.integer({ min: 0, max: 2 ** 45 }),
      powerIdleW: fc.double(),
      powerMaxW: fc.double(),
    });
    await fc.assert(
      fc.asyncProperty(fc.option(spec), async (agent) => {
        const code = await unary(typed, { agent, agentVersion: 'fuzz' });
        expect(ALLOWED.has(code), `status ${code}`).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('Connect with random byte messages: INVALID_ARGUMENT (or OK), never INTERNAL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 256 }), { minLength: 1, maxLength: 3 }),
        async (msgs) => {
          const code = await stream(
            raw,
            msgs.map((m) => Buffer.from(m)),
          );
          expect(ALLOWED.has(code), `status ${code}`).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('after a valid Hello, random heartbeats, reports and migration answers: OK or INVALID_ARGUMENT', async () => {
    const num = fc.oneof(fc.double(), fc.constantFrom(0, 0.5, 1, -1, 2));
    const ref = fc.record({ taskId: fc.string({ maxLength: 10 }), attempt: fc.integer({ min: 0, max: 5 }) });
    const msg = fc.oneof(
      fc.record({
        heartbeat: fc.record({
          cpu: num,
          memory: num,
          network: num,
          runningTasks: fc.nat(10),
          sentAtMs: num,
          held: fc.array(ref, { maxLength: 3 }),
        }),
      }),
      fc.record({
        reports: fc.record({
          reports: fc.array(
            fc.record({
              taskId: fc.string({ maxLength: 10 }),
              attempt: fc.integer({ min: 0, max: 3 }),
              kind: fc.constantFrom('KIND_UNSPECIFIED', 'STARTED', 'PROGRESS', 'FINISHED', 'FAILED'),
              progress: num,
              reason: fc.string({ maxLength: 10 }),
              atMs: num,
            }),
            { maxLength: 4 },
          ),
        }),
      }),
      fc.record({
        migrationConfirm: fc.record({
          migrationId: fc.string({ maxLength: 8 }),
          taskId: fc.string({ maxLength: 8 }),
          attempt: fc.integer({ min: 0, max: 3 }),
          accepted: fc.boolean(),
          reason: fc.string({ maxLength: 8 }),
          progressFraction: num,
        }),
      }),
      fc.record({ migrationBid: fc.record({ taskId: fc.string({ maxLength: 8 }), costMs: num }) }),
      fc.record({
        hello: fc.record({
          agentId: fc.string({ maxLength: 8 }),
          sessionId: fc.string({ maxLength: 8 }),
          running: fc.array(ref, { maxLength: 2 }),
        }),
      }),
    );
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(msg, { minLength: 1, maxLength: 4 }), async (msgs) => {
        const agentId = `fuzz-agent-${i++}`;
        const reg = await new Promise<{ sessionId: string }>((resolve, reject) =>
          typed.Register(
            { agent: { agentId, slots: 2, speed: 1 } },
            md,
            (err: Error | null, res: { sessionId: string }) => (err ? reject(err) : resolve(res)),
          ),
        );
        const code = await stream(typed, [
          { hello: { agentId, sessionId: reg.sessionId, running: [] } },
          ...msgs,
        ]);
        expect(ALLOWED.has(code), `status ${code}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('oversized messages are RESOURCE_EXHAUSTED; missing or wrong tokens UNAUTHENTICATED', async () => {
    expect(await unary(raw, Buffer.alloc(MSG_MAX + 100, 1))).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(await stream(raw, [Buffer.alloc(MSG_MAX + 100, 1)])).toBe(grpc.status.RESOURCE_EXHAUSTED);
    const none = new grpc.Metadata();
    const wrong = new grpc.Metadata();
    wrong.set('authorization', 'Bearer nope');
    for (const meta of [none, wrong]) {
      expect(await unary(typed, { agent: { agentId: 'x', slots: 1 } }, meta)).toBe(
        grpc.status.UNAUTHENTICATED,
      );
      expect(await stream(typed, [{ hello: { agentId: 'x', sessionId: 'y' } }], meta)).toBe(
        grpc.status.UNAUTHENTICATED,
      );
    }
  });

  it('the engine still registers agents and answers the health service after the fuzzing', async () => {
    expect(await unary(typed, { agent: { agentId: 'after-fuzz', slots: 1, speed: 1 } })).toBe(grpc.status.OK);
    const res = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(server.ctx.driver.coreErrors).toBe(0);
  });
});
