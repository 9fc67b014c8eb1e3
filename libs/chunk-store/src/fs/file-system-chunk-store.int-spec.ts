import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeChunkStoreContract } from '../contract/chunk-store.contract.js';
import { FileSystemChunkStore } from './file-system-chunk-store.js';

describeChunkStoreContract(
  'File system',
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'scaidrive-chunks-'));
    const store = new FileSystemChunkStore(root);
    await store.init();
    return { store, dispose: () => rm(root, { recursive: true, force: true }) };
  },
  // A hard link to an existing name fails, so exactly one racing put creates the file.
  { exclusiveCreate: true },
);
