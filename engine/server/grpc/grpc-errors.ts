/** gRPC status errors the gateway returns, and the marker for undecodable messages. */
import type * as grpc from '@grpc/grpc-js';

/** Key set on a "message" that could not be decoded; its value says why. */
export const INVALID = '__invalid';

export interface GrpcError {
  code: grpc.status;
  details: string;
}

/** A status error for a handler callback or `call.emit('error', …)`. */
export function grpcError(code: grpc.status, details: string): GrpcError {
  return { code, details };
}
