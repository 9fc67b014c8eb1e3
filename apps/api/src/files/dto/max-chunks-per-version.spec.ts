import { randomUUID } from 'node:crypto';
import { MAX_CHUNK_BYTES } from '@scaidrive/chunk-store';
import {
  type ChunkRef,
  type DriveEvent,
  decideTree,
  type EventMetadata,
  MAX_NAME_BYTES,
  TreeState,
  evolveTree,
} from '@scaidrive/domain';
import { MAX_APPEND_BYTES, measureAppendBytes } from '@scaidrive/event-store';
import { MAX_CHUNKS_PER_VERSION } from './commit-version.dto.js';

const AT = '2026-12-04T15:00:00.000Z';
// A name of MAX_NAME_BYTES in UTF-8, made of 3-byte characters.
const MAX_LENGTH_NAME = '€'.repeat(Math.floor(MAX_NAME_BYTES / 3));

/** Builds a chunk list whose JSON is as long as a valid request allows, with 8-digit sizes. */
function widestChunks(count: number): ChunkRef[] {
  return Array.from({ length: count }, () => ['f'.repeat(64), MAX_CHUNK_BYTES] as const);
}

/**
 * Returns the bytes of the largest append a commit of `count` chunks causes: a KEEP_BOTH conflict,
 * whose copy's FileVersionCommitted and ConflictResolved each carry the chunk list.
 */
function worstCommitAppendBytes(count: number): number {
  const state = new TreeState();
  const [rootId, nodeId] = [randomUUID(), randomUUID()];
  const given: DriveEvent[] = [
    { type: 'TreeCreated', data: { treeId: randomUUID(), rootId, ownerId: randomUUID() } },
    { type: 'FileAdded', data: { nodeId, parentId: rootId, name: MAX_LENGTH_NAME } },
    {
      type: 'FileVersionCommitted',
      data: {
        nodeId,
        versionId: randomUUID(),
        versionNumber: 1,
        baseVersionId: null,
        size: 1,
        sha256: 'a'.repeat(64),
        mtime: AT,
        chunks: [['a'.repeat(64), 1]],
      },
    },
  ];
  for (const event of given) evolveTree(state, event, AT);
  const events = decideTree(
    state,
    {
      type: 'CommitFileVersion',
      nodeId,
      baseVersionId: randomUUID(),
      size: count * MAX_CHUNK_BYTES,
      sha256: 'b'.repeat(64),
      mtime: AT,
      chunks: widestChunks(count),
      strategy: 'KEEP_BOTH',
    },
    { now: new Date(AT), newId: randomUUID, actorName: 'x'.repeat(200) },
  );
  const requestId = 'r'.repeat(100);
  const metadata: EventMetadata = {
    tenantId: 't'.repeat(100),
    actor: { type: 'user', id: randomUUID() },
    correlationId: requestId,
    causationId: requestId,
    occurredAt: AT,
    schemaVersion: 1,
  };
  const data = events.map((event) => ({ id: randomUUID(), ...event, metadata }));
  return measureAppendBytes(data);
}

describe('MAX_CHUNKS_PER_VERSION', () => {
  it('lets the worst commit append fit with 10% to spare', () => {
    expect(worstCommitAppendBytes(MAX_CHUNKS_PER_VERSION)).toBeLessThanOrEqual(
      MAX_APPEND_BYTES * 0.9,
    );
  });

  it('stays below the measured ceiling', () => {
    const oneChunkBytes = worstCommitAppendBytes(1);
    const perChunk = worstCommitAppendBytes(2) - oneChunkBytes;
    const ceiling = 1 + Math.floor((MAX_APPEND_BYTES - oneChunkBytes) / perChunk);
    expect(worstCommitAppendBytes(ceiling)).toBeLessThanOrEqual(MAX_APPEND_BYTES);
    expect(worstCommitAppendBytes(ceiling + 1)).toBeGreaterThan(MAX_APPEND_BYTES);
    expect(MAX_CHUNKS_PER_VERSION).toBeLessThan(ceiling);
  });
});
