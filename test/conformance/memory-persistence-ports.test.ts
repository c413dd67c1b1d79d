/** The in-memory adapters of the persistence ports pass their conformance suites. */
import { describe } from 'vitest';
import { MemoryLeaderLease } from '../../engine/adapters/memory/memory-leader-lease.js';
import {
  MemoryAgentLoadCache,
  MemoryDecisionCache,
} from '../../engine/adapters/memory/memory-live-state-cache.js';
import { MemoryUserStore } from '../../engine/adapters/memory/memory-user-store.js';
import { leaderLeaseConformance } from './leader-lease-suite.js';
import { agentLoadCacheConformance, decisionCacheConformance } from './live-state-cache-suite.js';
import { userStoreConformance } from './user-store-suite.js';

describe('memory AgentLoadCache', () =>
  agentLoadCacheConformance(async (ttl) => new MemoryAgentLoadCache(ttl)));
describe('memory DecisionCache', () => decisionCacheConformance(async (ttl) => new MemoryDecisionCache(ttl)));
describe('memory LeaderLease', () =>
  leaderLeaseConformance(async () => {
    const lease = new MemoryLeaderLease();
    return [lease, lease];
  }));
describe('memory UserStore', () => userStoreConformance(async () => new MemoryUserStore()));
