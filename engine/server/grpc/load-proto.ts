/**
 * Loads the agent protocol (`proto/agentsched/v1/agent.proto`) with @grpc/proto-loader. The same
 * definition serves the engine's gateway, the agent runtime, reflection and the tests.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const AGENT_PROTO_FILE = 'agentsched/v1/agent.proto';
export const AGENT_SERVICE_NAME = 'agentsched.v1.AgentGateway';

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** Directory holding the .proto files, whether running from sources or from the compiled dist/. */
export function protoDir(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'engine', 'server', 'grpc', 'proto');
    if (existsSync(join(dir, 'proto', AGENT_PROTO_FILE)) && dir.endsWith(join('server', 'grpc')))
      return join(dir, 'proto');
    if (existsSync(join(candidate, AGENT_PROTO_FILE)) && !dir.endsWith('dist')) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`cannot find ${AGENT_PROTO_FILE} near ${import.meta.dirname}`);
}

let cached: protoLoader.PackageDefinition | undefined;

/** The loaded package definition (cached). */
export function agentPackageDefinition(): protoLoader.PackageDefinition {
  cached ??= protoLoader.loadSync(AGENT_PROTO_FILE, { ...LOADER_OPTIONS, includeDirs: [protoDir()] });
  return cached;
}

/** The AgentGateway service definition (method paths, serializers). */
export function agentServiceDefinition(): grpc.ServiceDefinition {
  return agentPackageDefinition()[AGENT_SERVICE_NAME] as unknown as grpc.ServiceDefinition;
}

/** A client constructor for the AgentGateway service. */
export function agentClientConstructor(): grpc.ServiceClientConstructor {
  return grpc.makeGenericClientConstructor(agentServiceDefinition(), 'AgentGateway');
}
