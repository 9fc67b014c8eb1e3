import { randomUUID } from 'node:crypto';
import type {
  ChangesPage,
  CommitContent,
  CommitResult,
  MeDto,
  NodeDto,
  ShareDto,
  UsageCheckDto,
  VersionWithChunks,
} from './api-types.js';
import { HttpTransport } from './http-transport.js';

/** Largest number of hashes that one `POST /chunks/missing` accepts. */
export const MISSING_CHUNKS_BATCH = 10_000;

/** Typed client of the sync protocol's HTTP API. */
export class ApiClient {
  private readonly http: HttpTransport;

  /** `signal` aborts every request in flight and every later one, such as on a second Ctrl-C. */
  constructor(serverUrl: string, token: string, signal?: AbortSignal) {
    this.http = new HttpTransport(serverUrl, token, signal);
  }

  get apiUrl(): string {
    return this.http.apiUrl;
  }

  async me(): Promise<MeDto> {
    return this.json('GET', '/me');
  }

  async getNode(id: string): Promise<NodeDto | null> {
    const response = await this.http.request('GET', `/nodes/${id}`, {
      accept: [404],
      idempotent: true,
    });
    return response.status === 404 ? null : ((await response.json()) as NodeDto);
  }

  /** Reconciles the tenant's usage counters with its kept versions (tenant administrators). */
  async checkUsage(): Promise<UsageCheckDto> {
    return this.json('GET', '/tenant/usage/check');
  }

  async listShares(): Promise<ShareDto[]> {
    return (await this.json<{ items: ShareDto[] }>('GET', '/shares')).items;
  }

  /** Looks up a path in a tree, the personal drive when `treeId` is null. */
  async getNodeByPath(path: string, treeId: string | null): Promise<NodeDto | null> {
    const query = new URLSearchParams({ path });
    if (treeId !== null) query.set('tree', treeId);
    const response = await this.http.request('GET', `/nodes?${query.toString()}`, {
      accept: [404],
      idempotent: true,
    });
    return response.status === 404 ? null : ((await response.json()) as NodeDto);
  }

  async listChildren(folderId: string): Promise<NodeDto[]> {
    const page = await this.json<{ items: NodeDto[] }>('GET', `/folders/${folderId}/children`);
    return page.items;
  }

  async createFolder(parentId: string, name: string): Promise<NodeDto> {
    return this.command('POST', '/folders', { parentId, name });
  }

  async moveNode(id: string, parentId: string, name: string): Promise<NodeDto> {
    return this.command('PATCH', `/nodes/${id}`, { parentId, name });
  }

  /** Deletes a node; a node that is already gone counts as deleted. */
  async deleteNode(id: string): Promise<void> {
    await this.http.request('DELETE', `/nodes/${id}`, {
      accept: [404],
      idempotent: true,
      headers: { 'idempotency-key': randomUUID() },
    });
  }

  /** Reads a page of a tree's change feed, the personal drive's when `treeId` is null. */
  async changes(cursor: string | null, treeId: string | null, limit = 1000): Promise<ChangesPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor !== null) query.set('cursor', cursor);
    if (treeId !== null) query.set('tree', treeId);
    return this.json('GET', `/sync/changes?${query.toString()}`);
  }

  /**
   * Long-polls the change feed: returns as soon as there are changes after `cursor`, or after
   * `waitSeconds` (at most 55) with none. Not retried here, because the caller backs off itself.
   */
  async waitForChanges(
    cursor: string,
    waitSeconds: number,
    treeId: string | null,
    limit = 1000,
  ): Promise<ChangesPage> {
    const query = new URLSearchParams({ cursor, limit: String(limit), wait: String(waitSeconds) });
    if (treeId !== null) query.set('tree', treeId);
    const response = await this.http.request('GET', `/sync/changes?${query.toString()}`);
    return (await response.json()) as ChangesPage;
  }

  /** Returns which of `hashes` the server lacks, asking in batches of MISSING_CHUNKS_BATCH. */
  async missingChunks(hashes: readonly string[]): Promise<Set<string>> {
    const missing = new Set<string>();
    for (let start = 0; start < hashes.length; start += MISSING_CHUNKS_BATCH) {
      const batch = hashes.slice(start, start + MISSING_CHUNKS_BATCH);
      const answer = await this.json<{ missing: string[] }>('POST', '/chunks/missing', {
        hashes: batch,
      });
      for (const hash of answer.missing) missing.add(hash);
    }
    return missing;
  }

  async putChunk(sha256: string, bytes: Uint8Array): Promise<void> {
    await this.http.request('PUT', `/chunks/${sha256}`, { body: bytes, idempotent: true });
  }

  async getChunk(sha256: string): Promise<Buffer> {
    const response = await this.http.request('GET', `/chunks/${sha256}`, { idempotent: true });
    return Buffer.from(await response.arrayBuffer());
  }

  async getVersion(fileId: string, versionId: string): Promise<VersionWithChunks> {
    return this.json('GET', `/files/${fileId}/versions/${versionId}`);
  }

  /** Streams the bytes of one version of a file. */
  async downloadVersion(fileId: string, versionId: string): Promise<AsyncIterable<Uint8Array>> {
    const path = `/files/${fileId}/versions/${versionId}/content`;
    const response = await this.http.request('GET', path, { stream: true, idempotent: true });
    if (!response.body) throw new Error(`GET ${path} returned no body`);
    return response.body;
  }

  async createFile(parentId: string, name: string, content: CommitContent): Promise<CommitResult> {
    return this.command('POST', '/files', { parentId, name, ...content });
  }

  async commitVersion(
    fileId: string,
    baseVersionId: string,
    content: CommitContent,
  ): Promise<CommitResult> {
    return this.command('POST', `/files/${fileId}/versions`, { baseVersionId, ...content });
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.http.request(method, path, { json: body, idempotent: true });
    return (await response.json()) as T;
  }

  /** Sends a command with an Idempotency-Key, so that a retry after a lost response is harmless. */
  private async command<T>(method: string, path: string, body: unknown): Promise<T> {
    const response = await this.http.request(method, path, {
      json: body,
      idempotent: true,
      headers: { 'idempotency-key': randomUUID() },
    });
    return (await response.json()) as T;
  }
}
