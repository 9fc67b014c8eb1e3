import { signDevToken } from '@scaidrive/auth';
import { HttpClient, runCli, startTestServer, type TestServer } from '@scaidrive/testing';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit log', () => {
  let server: TestServer;
  let alice: HttpClient;
  let auditorToken: string;
  let root: string;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
    auditorToken = await signDevToken({
      dataDir: server.dataDir,
      user: 'carol',
      roles: ['auditor'],
    });
    root = (await alice.get('/me')).body.rootFolderId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function listing(): Promise<string[]> {
    const page = await alice.get('/sync/changes?limit=1000');
    return page.body.changes
      .map((change: any) => `${change.node.path} ${change.node.version?.sha256 ?? '-'}`)
      .sort();
  }

  it('is refused to users without an audit role', async () => {
    const refused = await alice.get('/audit/events');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('streams only the tenant’s events, with actor and payload', async () => {
    const outsider = new HttpClient(server.url, await server.token('mallory', 'other'));
    await outsider.post('/folders', {
      parentId: (await outsider.get('/me')).body.rootFolderId,
      name: 'X',
    });
    await alice.post('/folders', { parentId: root, name: 'Audited' });
    const response = await fetch(`${server.url}/api/v1/audit/events`, {
      headers: { authorization: `Bearer ${auditorToken}` },
    });
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const records = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const folder = records.find((record) => record.type === 'FolderCreated');
    expect(folder).toMatchObject({ payload: { name: 'Audited' }, actor: { type: 'user' } });
    expect(records.some((record) => record.payload?.name === 'X')).toBe(false);
    const positions = records.map((record) => record.position);
    const after = await fetch(`${server.url}/api/v1/audit/events?from=${positions[1]}`, {
      headers: { authorization: `Bearer ${auditorToken}` },
    });
    const rest = (await after.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).position);
    expect(rest).toEqual(positions.slice(2));
  });

  it('replays a drive as the API showed it at a past time', async () => {
    const folder = await alice.post('/folders', { parentId: root, name: 'Reports' });
    const file = await alice.uploadFile({ parentId: folder.body.id, name: 'q1.txt' }, [
      Buffer.from('one'),
    ]);
    await pause(50);
    const at = new Date().toISOString();
    const shown = await listing();
    await pause(50);
    await alice.uploadFile({ nodeId: file.body.node.id, baseVersionId: file.body.version.id }, [
      Buffer.from('two'),
    ]);
    await alice.patch(`/nodes/${folder.body.id}`, { name: 'Old reports' });
    await alice.post('/folders', { parentId: root, name: 'Later' });

    const { stdout } = await runCli([
      'audit',
      'replay',
      '--at',
      at,
      '--json',
      '--server',
      server.url,
      '--token',
      auditorToken,
    ]);
    const replayed = JSON.parse(stdout.trim().split('\n').pop()!);
    const drive = replayed.drives.find((candidate: any) =>
      candidate.nodes.some((n: any) => n.path === '/Reports'),
    );
    const paths = drive.nodes
      .map((node: any) => `${node.path} ${node.versions.at(-1)?.sha256 ?? '-'}`)
      .sort();
    expect(paths).toEqual(shown);
    expect(await listing()).not.toEqual(shown);
  });
});
