/**
 * N logical agents in one process (for load tests) sharing a few gRPC channels to the engine.
 * Each agent has its own registration and stream; they share counters (`AgentStats`).
 */
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { AgentSpec } from '../model/types.js';
import { agentClientConstructor } from '../server/grpc/load-proto.js';
import { AgentStats } from './agent-stats.js';
import { type ExecMode, executorFor } from './executors.js';
import { LogicalAgent } from './logical-agent.js';

export interface FleetOptions {
  engine: string;
  specs: AgentSpec[];
  exec: ExecMode;
  timeScale: number;
  token: string;
  tls?: { caFile: string; certFile?: string | undefined; keyFile?: string | undefined } | undefined;
  agentsPerChannel: number;
  /** Spread initial registrations over this many ms. */
  startSpreadMs: number;
  /** Keep every latency sample with its time (stats summary `samples`), for benchmarks. */
  keepSamples?: boolean | undefined;
  log: (msg: string) => void;
}

const CLIENT_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  'grpc.max_send_message_length': 4 * 1024 * 1024,
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 5_000,
};

function credentials(o: FleetOptions): grpc.ChannelCredentials {
  if (!o.tls) return grpc.credentials.createInsecure();
  const key = o.tls.keyFile ? readFileSync(o.tls.keyFile) : null;
  const cert = o.tls.certFile ? readFileSync(o.tls.certFile) : null;
  return grpc.credentials.createSsl(readFileSync(o.tls.caFile), key, cert);
}

export class AgentFleet {
  readonly stats: AgentStats;
  readonly agents: LogicalAgent[] = [];
  private readonly clients: grpc.Client[] = [];

  constructor(private readonly o: FleetOptions) {
    this.stats = new AgentStats(o.keepSamples ?? false);
    const Ctor = agentClientConstructor();
    const creds = credentials(o);
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${o.token}`);
    o.specs.forEach((spec, i) => {
      const c = Math.floor(i / o.agentsPerChannel);
      // A distinct channel option value gives each group its own HTTP/2 connection.
      this.clients[c] ??= new Ctor(o.engine, creds, { ...CLIENT_OPTIONS, 'agentsched.channel': c });
      const client = this.clients[c]! as grpc.Client & Record<string, unknown>;
      this.agents.push(
        new LogicalAgent(client, md, {
          spec,
          executor: executorFor(o.exec),
          timeScale: o.timeScale,
          stats: this.stats,
          registerDeadlineMs: 5_000,
          backoffBaseMs: 200,
          backoffMaxMs: 5_000,
          log: o.log,
        }),
      );
    });
  }

  /** Starts every agent (spread over `startSpreadMs`). */
  start(): void {
    const n = this.agents.length;
    this.agents.forEach((a, i) => {
      a.start(n > 1 ? Math.floor((this.o.startSpreadMs * i) / n) : 0);
    });
  }

  /** Resolves once every agent has stopped (drained or stopped). */
  async whenDone(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.done));
  }

  /** Stops every agent and closes the channels. */
  async stop(reason: string): Promise<void> {
    for (const a of this.agents) a.stop(reason);
    await new Promise((r) => setTimeout(r, 50));
    for (const c of this.clients) c.close();
  }
}
