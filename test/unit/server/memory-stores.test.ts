/** The in-memory live stores pass the store port contract. */
import { createMemoryStores } from '../../../engine/adapters/memory/memory-stores.js';
import { describeLiveStores } from '../../conformance/live-stores-suite.js';

describeLiveStores('memory', async () => createMemoryStores());
