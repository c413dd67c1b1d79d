/** The embedded default: every store in memory (nothing survives a restart). */
import type { Stores } from '../../ports/stores.js';
import { MemoryAgentStore } from './memory-agent-store.js';
import { MemoryEventLog } from './memory-event-log.js';
import { MemoryMetricsSink } from './memory-metrics-sink.js';
import { MemorySettingsStore } from './memory-settings-store.js';
import { MemorySubmissionStore } from './memory-submission-store.js';
import { MemoryTaskStore } from './memory-task-store.js';

/** A fresh set of in-memory stores. */
export function createMemoryStores(): Stores {
  return {
    submissions: new MemorySubmissionStore(),
    tasks: new MemoryTaskStore(),
    agents: new MemoryAgentStore(),
    events: new MemoryEventLog(),
    metrics: new MemoryMetricsSink(),
    settings: new MemorySettingsStore(),
    close: async () => {},
  };
}
