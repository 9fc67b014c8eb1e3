import { HttpClient } from './http-client.js';

/** A small seeded generator (mulberry32), so a failing workload can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Known {
  readonly id: string;
  readonly kind: 'file' | 'folder';
  versionId: string | null;
}

export interface WorkloadReport {
  readonly commands: number;
  readonly statuses: Record<number, number>;
}

/**
 * Sends random commands to one drive: folders, files, versions (some on an old base, which makes
 * conflict copies), renames, moves (some into their own subtree, which the server rejects) and
 * deletes. Failed commands are part of the workload: they must change nothing.
 */
export async function runRandomWorkload(
  client: HttpClient,
  rootId: string,
  commands: number,
  options: { seed?: number; concurrency?: number } = {},
): Promise<WorkloadReport> {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const folders: Known[] = [{ id: rootId, kind: 'folder', versionId: null }];
  const files: Known[] = [];
  const statuses: Record<number, number> = {};
  const contents = Array.from({ length: 20 }, (_, index) => Buffer.from(`content ${index}\n`));
  let issued = 0;

  async function one(): Promise<void> {
    const roll = random();
    const name = `n${Math.floor(random() * 60)}`;
    let result;
    if (roll < 0.2 || files.length + folders.length < 5) {
      result = await client.post('/folders', { parentId: pick(folders).id, name });
      if (result.status === 201)
        folders.push({ id: result.body.id, kind: 'folder', versionId: null });
    } else if (roll < 0.45) {
      result = await client.uploadFile({ parentId: pick(folders).id, name: `${name}.txt` }, [
        pick(contents),
      ]);
      if (result.status === 201 && !files.some((file) => file.id === result!.body.node.id)) {
        files.push({ id: result.body.node.id, kind: 'file', versionId: result.body.version?.id });
      }
    } else if (roll < 0.65 && files.length > 0) {
      const file = pick(files);
      const base = random() < 0.8 ? file.versionId : null;
      result = await client.uploadFile({ nodeId: file.id, baseVersionId: base }, [pick(contents)]);
      if (result.status === 201 && result.body.node.id === file.id) {
        file.versionId = result.body.version?.id ?? file.versionId;
      }
    } else if (roll < 0.78) {
      const node =
        random() < 0.5 && files.length > 0
          ? pick(files)
          : pick(folders.slice(1).length ? folders.slice(1) : folders);
      result = await client.patch(`/nodes/${node.id}`, { name: `${name}-r` });
    } else if (roll < 0.92) {
      const node = random() < 0.5 && files.length > 0 ? pick(files) : pick(folders);
      result = await client.patch(`/nodes/${node.id}`, { parentId: pick(folders).id });
    } else {
      const node = random() < 0.7 && files.length > 0 ? pick(files) : pick(folders);
      result = await client.delete(`/nodes/${node.id}`);
    }
    statuses[result.status] = (statuses[result.status] ?? 0) + 1;
  }

  async function worker(): Promise<void> {
    while (issued < commands) {
      issued++;
      await one();
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, () => worker()));
  return { commands: issued, statuses };
}
