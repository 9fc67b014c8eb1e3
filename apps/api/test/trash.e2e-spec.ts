import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('trash and version restore', () => {
  let server: TestServer;
  let alice: HttpClient;
  let root: string;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
    root = (await alice.get('/me')).body.rootFolderId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const trashIds = async () =>
    (await alice.get('/trash')).body.items.map((item: { id: string }) => item.id);

  it('moves a deleted folder to the trash and restores it with its contents', async () => {
    const folder = await alice.post('/folders', { parentId: root, name: 'Project' });
    const file = await alice.uploadFile({ parentId: folder.body.id, name: 'plan.txt' }, [
      Buffer.from('plan'),
    ]);
    const cursor = (await alice.get('/sync/changes?limit=1000')).body.cursor;
    expect((await alice.delete(`/nodes/${folder.body.id}`)).status).toBe(204);
    expect(await trashIds()).toContain(folder.body.id);
    expect((await alice.get('/nodes?path=/Project/plan.txt')).status).toBe(404);

    const restored = await alice.post(`/trash/${folder.body.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.path).toBe('/Project');
    const back = await alice.get('/nodes?path=/Project/plan.txt');
    expect(back.body.id).toBe(file.body.node.id);
    expect((await alice.get(`/files/${file.body.node.id}/content`)).body.toString()).toBe('plan');
    expect(await trashIds()).not.toContain(folder.body.id);

    const feed = (await alice.get(`/sync/changes?cursor=${cursor}`)).body.changes;
    expect(feed.map((change: any) => [change.op, change.node?.path ?? change.path])).toEqual([
      ['delete', '/Project'],
      ['upsert', '/Project'],
      ['upsert', '/Project/plan.txt'],
    ]);
  });

  it('restores a file into a folder that was deleted since', async () => {
    const folder = await alice.post('/folders', { parentId: root, name: 'Old' });
    const file = await alice.uploadFile({ parentId: folder.body.id, name: 'note.txt' }, [
      Buffer.from('note'),
    ]);
    await alice.delete(`/nodes/${file.body.node.id}`);
    await alice.delete(`/nodes/${folder.body.id}`);
    const restored = await alice.post(`/trash/${file.body.node.id}/restore`);
    expect(restored.body.path).toBe('/Old/note.txt');
    expect(restored.body.parentId).not.toBe(folder.body.id);
    expect(await trashIds()).toContain(folder.body.id);
  });

  it('renames a restored item whose name was taken meanwhile', async () => {
    const first = await alice.uploadFile({ parentId: root, name: 'dup.txt' }, [Buffer.from('1')]);
    await alice.delete(`/nodes/${first.body.node.id}`);
    await alice.uploadFile({ parentId: root, name: 'dup.txt' }, [Buffer.from('2')]);
    const restored = await alice.post(`/trash/${first.body.node.id}/restore`);
    expect(restored.body.name).toMatch(/^dup \(restored \d{4}-\d\d-\d\d \d{6}\)\.txt$/);
  });

  it('purges an item for good', async () => {
    const file = await alice.uploadFile({ parentId: root, name: 'gone.txt' }, [Buffer.from('x')]);
    await alice.delete(`/nodes/${file.body.node.id}`);
    expect((await alice.delete(`/trash/${file.body.node.id}`)).status).toBe(204);
    expect(await trashIds()).not.toContain(file.body.node.id);
    expect((await alice.post(`/trash/${file.body.node.id}/restore`)).status).toBe(404);
  });

  it('refuses to restore what is not in the trash', async () => {
    const folder = await alice.post('/folders', { parentId: root, name: 'Live' });
    expect((await alice.post(`/trash/${folder.body.id}/restore`)).status).toBe(404);
  });

  it('restores an old version as the new head', async () => {
    const added = await alice.uploadFile({ parentId: root, name: 'draft.txt' }, [
      Buffer.from('one'),
    ]);
    const nodeId = added.body.node.id;
    await alice.uploadFile({ nodeId, baseVersionId: added.body.version.id }, [Buffer.from('two')]);
    const restored = await alice.post(`/files/${nodeId}/versions/${added.body.version.id}/restore`);
    expect(restored.status).toBe(201);
    expect(restored.body.version.number).toBe(3);
    expect((await alice.get(`/files/${nodeId}/content`)).body.toString()).toBe('one');
  });
});
