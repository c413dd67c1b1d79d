import { describe } from 'vitest';
import { MemoryDagStore } from '../../../engine/adapters/memory-dag-store.js';
import { dagStoreConformance } from '../../conformance/dag-store-suite.js';

describe('MemoryDagStore', () => {
  dagStoreConformance(() => new MemoryDagStore());
});
