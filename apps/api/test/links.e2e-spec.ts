import { signDevToken } from '@scaidrive/auth';
import {
  HttpClient,
  LinkVisitor,
  startTestServer,
  type TestServer,
  type VisitResult,
} from '@scaidrive/testing';

const CODE_TTL_SECONDS = 4;
const LOCKOUT_SECONDS = 2;
const MAX_UPLOAD_BYTES = 100_000;

describe('external links', () => {
  let server: TestServer;
  let alice: HttpClient;
  let bob: HttpClient;
  let admin: HttpClient;
  let root: string;
  let bobId: string;
  let visitor: LinkVisitor;

  async function client(user: string, roles: string[] = []) {
    return new HttpClient(server.url, await signDevToken({ dataDir: server.dataDir, user, roles }));
  }

  async function folder(owner: HttpClient, parentId: string, name: string): Promise<string> {
    const created = await owner.post('/folders', { parentId, name });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function file(owner: HttpClient, parentId: string, name: string, text: string) {
    const added = await owner.uploadFile({ parentId, name }, [Buffer.from(text)]);
    expect(added.status).toBe(201);
    return added.body.node.id as string;
  }

  async function link(owner: HttpClient, options: Record<string, unknown>) {
    const created = await owner.post('/links', options);
    expect(created.status).toBe(201);
    return created.body as { id: string; token: string; path: string; [key: string]: unknown };
  }

  /** Reads the link's access log, oldest first, as action:outcome:reason triples. */
  async function log(owner: HttpClient, linkId: string): Promise<string[]> {
    const page = await owner.get(`/links/${linkId}/accesses?limit=1000`);
    expect(page.status).toBe(200);
    return page.body.items
      .map((item: any) => `${item.action}:${item.outcome}:${item.reason ?? '-'}`)
      .reverse();
  }

  function expectProblem(result: VisitResult, status: number, code: string) {
    expect([result.status, result.body.code]).toEqual([status, code]);
    expect(result.headers['content-type']).toContain('application/problem+json');
  }

  beforeAll(async () => {
    server = await startTestServer({
      LINK_FAILURES_PER_ADDRESS: '3',
      LINK_FAILURES_PER_LINK: '5',
      LINK_LOCKOUT_SECONDS: String(LOCKOUT_SECONDS),
      LINK_CODE_TTL_SECONDS: String(CODE_TTL_SECONDS),
      LINK_UPLOAD_MAX_BYTES: String(MAX_UPLOAD_BYTES),
      RETENTION_INTERVAL_MS: '0',
    });
    alice = await client('alice');
    bob = await client('bob');
    admin = await client('root', ['tenant-admin']);
    root = (await alice.get('/me')).body.rootFolderId;
    bobId = (await bob.get('/me')).body.userId;
    visitor = new LinkVisitor(server.url);
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('creating and managing', () => {
    it('hands out an unguessable token once and stores only its hash', async () => {
      const target = await folder(alice, root, 'Handout');
      const created = await link(alice, { nodeId: target, access: 'view' });
      expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created.path).toBe(`/api/v1/public/links/${created.token}`);
      expect(created).toMatchObject({ target: 'folder', access: 'view', status: 'active' });
      const read = await alice.get(`/links/${created.id}`);
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(created.token);
      expect(read.body).not.toHaveProperty('token');
      expect((await alice.get(`/links?nodeId=${target}`)).body.items.map((l: any) => l.id)).toEqual(
        [created.id],
      );
      expectProblem(
        await visitor.get('/public/links/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
        404,
        'NOT_FOUND',
      );
    });

    it('rejects bad options with a problem naming the field', async () => {
      const target = await folder(alice, root, 'Options');
      const readme = await file(alice, target, 'readme.txt', 'hi');
      const bad: [Record<string, unknown>, string][] = [
        [{ nodeId: target, allowedNetworks: ['10.0.0.0/33'] }, '10.0.0.0/33 is not a CIDR block'],
        [{ nodeId: target, allowedEmails: ['not-an-address'] }, 'not an address'],
        [{ nodeId: target, expiresAt: '2020-01-01T00:00:00Z' }, 'has passed'],
        [{ nodeId: target, expiresAt: '2099-01-01T00:00:00' }, 'with an offset'],
        [{ nodeId: target, expiresOn: '2099-01-01' }, 'timeZone'],
        [{ nodeId: target, expiresOn: '2099-02-30', timeZone: 'UTC' }, 'not a calendar date'],
        [{ nodeId: readme, access: 'upload' }, 'drop zone must be a folder'],
        [{ nodeId: target, shareId: target }, 'nodeId or shareId'],
        [{ nodeId: target, password: 'short' }, 'request is invalid'],
        [{ nodeId: target, downloadLimit: 0 }, 'request is invalid'],
        [{ nodeId: target, allowedEmails: ['a\u0000@example.com'] }, 'not an address'],
        [{ nodeId: target, expiresAt: '9999-12-31T23:00:00-14:00' }, 'years ahead'],
        [{ nodeId: target, expiresOn: '9999-12-31', timeZone: 'UTC' }, 'years ahead'],
      ];
      for (const [body, detail] of bad) {
        const response = await alice.post('/links', body);
        expect([response.status, response.body.detail]).toEqual([
          400,
          expect.stringContaining(detail),
        ]);
      }
    });

    it('limits links to holders and managers', async () => {
      const target = await folder(alice, root, 'Private');
      expect((await bob.post('/links', { nodeId: target })).status).toBe(404);
      const created = await link(alice, { nodeId: target });
      expect((await bob.get(`/links/${created.id}`)).status).toBe(404);
      expect((await bob.get(`/links/${created.id}/accesses`)).status).toBe(404);
      expect((await bob.delete(`/links/${created.id}`)).status).toBe(404);
    });

    it('takes a date as the end of that day in the stated zone', async () => {
      const target = await folder(alice, root, 'Dated');
      const created = await link(alice, {
        nodeId: target,
        expiresOn: '2099-07-31',
        timeZone: 'Europe/Berlin',
      });
      expect(created.expiresAt).toBe('2099-07-31T22:00:00.000Z');
      const changed = await alice.patch(`/links/${created.id}`, {
        expiresOn: '2099-01-31',
        timeZone: 'America/New_York',
      });
      expect(changed.body.expiresAt).toBe('2099-02-01T05:00:00.000Z');
      const cleared = await alice.patch(`/links/${created.id}`, { expiresAt: null });
      expect(cleared.body.expiresAt).toBeNull();
    });
  });

  describe('visiting', () => {
    let docs: string;
    let inner: string;
    let report: string;
    let secret: string;

    beforeAll(async () => {
      docs = await folder(alice, root, 'Docs');
      inner = await folder(alice, docs, 'Inner');
      report = await file(alice, inner, 'report.txt', '0123456789');
      secret = await file(alice, root, 'secret.txt', 'not shared');
    });

    it('shows, lists and downloads with Range through a download link', async () => {
      const { token, id } = await link(alice, { nodeId: docs });
      const base = `/public/links/${token}`;
      const meta = await visitor.get(base);
      expect([meta.status, meta.body.node.name, meta.body.access]).toEqual([
        200,
        'Docs',
        'download',
      ]);
      const top = await visitor.get(`${base}/children`);
      expect(top.body.items.map((item: any) => item.name)).toEqual(['Inner']);
      const below = await visitor.get(`${base}/children?folderId=${inner}`);
      expect(below.body.items).toEqual([
        expect.objectContaining({ id: report, name: 'report.txt', kind: 'file', size: 10 }),
      ]);
      const whole = await visitor.get(`${base}/content?nodeId=${report}`);
      expect([whole.status, whole.bytes.toString()]).toEqual([200, '0123456789']);
      const part = await visitor.get(`${base}/content?nodeId=${report}`, { range: 'bytes=2-4' });
      expect([part.status, part.bytes.toString()]).toEqual([206, '234']);
      // Nothing outside the target, not even by id.
      expectProblem(await visitor.get(`${base}/content?nodeId=${secret}`), 404, 'NOT_FOUND');
      expectProblem(await visitor.get(`${base}/children?folderId=${root}`), 404, 'NOT_FOUND');
      expect(await log(alice, id)).toEqual([
        'metadata:allowed:-',
        'list:allowed:-',
        'list:allowed:-',
        'download:allowed:-',
        'download:allowed:-',
        'download:denied:NOT_FOUND',
        'list:denied:NOT_FOUND',
      ]);
      const entries = (await alice.get(`/links/${id}/accesses`)).body.items.reverse();
      const sent = entries.filter((entry: any) => entry.outcome === 'allowed' && entry.bytes);
      expect(sent.map((entry: any) => entry.bytes)).toEqual([10, 3]);
    });

    it('lists but never hands out content through a view link', async () => {
      const { token, id } = await link(alice, { nodeId: docs, access: 'view' });
      expect((await visitor.get(`/public/links/${token}/children`)).status).toBe(200);
      const content = await visitor.get(`/public/links/${token}/content?nodeId=${report}`);
      expectProblem(content, 403, 'NOT_PERMITTED_BY_LINK');
      expect(await log(alice, id)).toEqual([
        'list:allowed:-',
        'download:denied:NOT_PERMITTED_BY_LINK',
      ]);
    });

    it('opens a single file and a whole share', async () => {
      const single = await link(alice, { nodeId: report });
      const content = await visitor.get(`/public/links/${single.token}/content`);
      expect(content.bytes.toString()).toBe('0123456789');
      const share = (await alice.post('/shares', { name: 'Press kit' })).body;
      await file(alice, share.rootFolderId, 'logo.svg', '<svg/>');
      const whole = await link(alice, { shareId: share.shareId });
      expect(whole.target).toBe('share');
      const listed = await visitor.get(`/public/links/${whole.token}/children`);
      expect(listed.body.items.map((item: any) => item.name)).toEqual(['logo.svg']);
    });

    it('stops working on the next request after revocation', async () => {
      const { token, id } = await link(alice, { nodeId: docs });
      expect((await visitor.get(`/public/links/${token}`)).status).toBe(200);
      expect((await alice.delete(`/links/${id}`)).status).toBe(204);
      expectProblem(await visitor.get(`/public/links/${token}`), 410, 'LINK_REVOKED');
      expect((await alice.get(`/links/${id}`)).body.status).toBe('revoked');
      expect((await alice.patch(`/links/${id}`, { access: 'view' })).status).toBe(410);
      expect(await log(alice, id)).toEqual(['metadata:allowed:-', 'metadata:denied:REVOKED']);
    });

    it('works until the expiry instant and not from it on', async () => {
      const expiresAt = new Date(Date.now() + 1500);
      const { token, id } = await link(alice, { nodeId: docs, expiresAt: expiresAt.toISOString() });
      expect((await visitor.get(`/public/links/${token}`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now()));
      expectProblem(await visitor.get(`/public/links/${token}`), 410, 'LINK_EXPIRED');
      expect(await log(alice, id)).toEqual(['metadata:allowed:-', 'metadata:denied:EXPIRED']);
      expect((await alice.get(`/links/${id}`)).body.status).toBe('expired');
    });
  });

  describe('allow-lists', () => {
    it('admits only clients in the allowed IPv4 and IPv6 networks', async () => {
      const target = await folder(alice, root, 'Networks');
      const { token, id } = await link(alice, {
        nodeId: target,
        allowedNetworks: ['127.0.0.2/32', '2001:db8::/32'],
      });
      const path = `/public/links/${token}`;
      expect((await new LinkVisitor(server.url, '127.0.0.2').get(path)).status).toBe(200);
      expectProblem(
        await new LinkVisitor(server.url, '127.0.0.3').get(path),
        403,
        'ADDRESS_NOT_ALLOWED',
      );
      // The server trusts X-Forwarded-For from loopback, as behind a reverse proxy on the host.
      const inside = await visitor.get(path, { 'x-forwarded-for': '2001:db8:5::7' });
      expect(inside.status).toBe(200);
      const outside = await visitor.get(path, { 'x-forwarded-for': '2001:db9::7' });
      expectProblem(outside, 403, 'ADDRESS_NOT_ALLOWED');
      const page = (await alice.get(`/links/${id}/accesses`)).body.items.reverse();
      expect(page.map((item: any) => [item.clientAddress, item.outcome])).toEqual([
        ['127.0.0.2', 'allowed'],
        ['127.0.0.3', 'denied'],
        ['2001:db8:5::7', 'allowed'],
        ['2001:db9::7', 'denied'],
      ]);
    });

    it('asks for a one-time code mailed to an allowed address, usable once', async () => {
      const target = await folder(alice, root, 'Partners');
      await file(alice, target, 'terms.txt', 'terms');
      const { token, id } = await link(alice, {
        nodeId: target,
        allowedEmails: ['ann@example.com', '@partner.example'],
      });
      const base = `/public/links/${token}`;
      const locked = await visitor.get(base);
      expectProblem(locked, 401, 'EMAIL_VERIFICATION_REQUIRED');
      expect(locked.body.requires).toEqual({ password: false, email: true });

      // A rejected address gets the same response and no mail. Every code request counts against
      // the address, so ann uses an address of her own.
      const eve = new LinkVisitor(server.url, '127.0.0.7');
      const ann = new LinkVisitor(server.url, '127.0.0.8');
      expect((await eve.post(`${base}/email-code`, { email: 'eve@evil.example' })).status).toBe(
        202,
      );
      expect((await ann.post(`${base}/email-code`, { email: 'Ann@Example.com' })).status).toBe(202);
      expect((await alice.get('/admin/outbox')).status).toBe(403);
      const outbox = (await admin.get('/admin/outbox')).body.items;
      expect(outbox.map((mail: any) => mail.to)).toEqual(['ann@example.com']);
      const code = /Code: (\d{6})/.exec(outbox[0].text)![1];

      const wrong = await ann.post(`${base}/unlock`, {
        email: 'ann@example.com',
        code: '000000',
      });
      expectProblem(wrong, 401, 'WRONG_CODE');
      const unlocked = await ann.post(`${base}/unlock`, { email: 'ann@example.com', code });
      expect(unlocked.status).toBe(200);
      const again = await ann.post(`${base}/unlock`, { email: 'ann@example.com', code });
      expectProblem(again, 401, 'WRONG_CODE');

      const member = visitor.with({ 'x-link-access': unlocked.body.accessToken });
      expect((await member.get(`${base}/children`)).body.items.map((i: any) => i.name)).toEqual([
        'terms.txt',
      ]);
      const accesses = (await alice.get(`/links/${id}/accesses`)).body.items;
      expect(accesses[0]).toMatchObject({
        action: 'list',
        outcome: 'allowed',
        email: 'ann@example.com',
      });
      expect(accesses.map((a: any) => `${a.action}:${a.reason ?? '-'}`).reverse()).toEqual([
        'metadata:EMAIL_VERIFICATION_REQUIRED',
        'request-code:EMAIL_NOT_ALLOWED',
        'request-code:-',
        'unlock:WRONG_CODE',
        'unlock:-',
        'unlock:WRONG_CODE',
        'list:-',
      ]);
    });

    it('lets a code expire', async () => {
      const target = await folder(alice, root, 'Expiring codes');
      const { token } = await link(alice, { nodeId: target, allowedEmails: ['@partner.example'] });
      const base = `/public/links/${token}`;
      const address = new LinkVisitor(server.url, '127.0.0.9');
      await address.post(`${base}/email-code`, { email: 'zoe@partner.example' });
      const mail = (await admin.get('/admin/outbox')).body.items.find(
        (item: any) => item.to === 'zoe@partner.example',
      );
      const code = /Code: (\d{6})/.exec(mail.text)![1];
      await new Promise((resolve) => setTimeout(resolve, CODE_TTL_SECONDS * 1000 + 200));
      const late = await address.post(`${base}/unlock`, { email: 'zoe@partner.example', code });
      expectProblem(late, 401, 'WRONG_CODE');
    });
  });

  describe('passwords', () => {
    it('opens with the password and ends access tokens when it changes', async () => {
      const target = await folder(alice, root, 'Protected');
      const { token, id } = await link(alice, { nodeId: target, password: 'correct horse' });
      const base = `/public/links/${token}`;
      const address = new LinkVisitor(server.url, '127.0.0.4');
      expectProblem(await address.get(base), 401, 'PASSWORD_REQUIRED');
      const nullPassword = await address.post(`${base}/unlock`, { password: null });
      expect([nullPassword.status, nullPassword.body.code]).toEqual([400, 'INVALID_ARGUMENT']);
      const unlocked = await address.post(`${base}/unlock`, { password: 'correct horse' });
      expect(unlocked.status).toBe(200);
      const session = address.with({ 'x-link-access': unlocked.body.accessToken });
      expect((await session.get(base)).status).toBe(200);
      await alice.patch(`/links/${id}`, { password: 'battery staple' });
      expectProblem(await session.get(base), 401, 'PASSWORD_REQUIRED');
      expect((await alice.get(`/links/${id}`)).body.passwordProtected).toBe(true);
    });

    it('throttles failures per address and per link, refusing even the right password', async () => {
      const target = await folder(alice, root, 'Guarded');
      const { token, id } = await link(alice, { nodeId: target, password: 'open sesame' });
      const unlock = `/public/links/${token}/unlock`;
      const first = new LinkVisitor(server.url, '127.0.0.5');
      const second = new LinkVisitor(server.url, '127.0.0.6');

      for (let attempt = 0; attempt < 3; attempt++) {
        expectProblem(await first.post(unlock, { password: 'guess' }), 401, 'WRONG_PASSWORD');
      }
      const blocked = await first.post(unlock, { password: 'open sesame' });
      expectProblem(blocked, 429, 'THROTTLED');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(LOCKOUT_SECONDS);

      // Another address is not locked out by the first one's failures.
      expect((await second.post(unlock, { password: 'open sesame' })).status).toBe(200);
      // Its two failures bring the link to five, which locks the link for every address.
      for (let attempt = 0; attempt < 2; attempt++) {
        expectProblem(await second.post(unlock, { password: 'guess' }), 401, 'WRONG_PASSWORD');
      }
      const linkLocked = await second.post(unlock, { password: 'open sesame' });
      expectProblem(linkLocked, 429, 'THROTTLED');
      const wait = Number(linkLocked.headers['retry-after']);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
      expect((await second.post(unlock, { password: 'open sesame' })).status).toBe(200);

      const accesses = (await alice.get(`/links/${id}/accesses`)).body.items.reverse();
      expect(accesses.map((a: any) => `${a.clientAddress}:${a.reason ?? 'ok'}`)).toEqual([
        '127.0.0.5:WRONG_PASSWORD',
        '127.0.0.5:WRONG_PASSWORD',
        '127.0.0.5:WRONG_PASSWORD',
        '127.0.0.5:THROTTLED',
        '127.0.0.6:ok',
        '127.0.0.6:WRONG_PASSWORD',
        '127.0.0.6:WRONG_PASSWORD',
        '127.0.0.6:THROTTLED',
        '127.0.0.6:ok',
      ]);
    });

    it('keeps failures at other links after a success at one', async () => {
      const guessed = await link(alice, { nodeId: root, password: 'first secret' });
      const own = await link(alice, { nodeId: root, password: 'second secret' });
      const other = await link(alice, { nodeId: root, password: 'third secret' });
      const guesser = new LinkVisitor(server.url, '127.0.0.10');
      const unlock = (token: string, password: string) =>
        guesser.post(`/public/links/${token}/unlock`, { password });
      expect((await unlock(guessed.token, 'guess one')).status).toBe(401);
      expect((await unlock(guessed.token, 'guess two')).status).toBe(401);
      expect((await unlock(own.token, 'second secret')).status).toBe(200);
      expect((await unlock(other.token, 'guess three')).status).toBe(401);
      expectProblem(await unlock(own.token, 'second secret'), 429, 'THROTTLED');
    });
  });

  describe('drop zones', () => {
    let inbox: string;
    let dropToken: string;
    let dropId: string;

    beforeAll(async () => {
      inbox = await folder(alice, root, 'Inbox');
      await file(alice, inbox, 'existing.txt', 'keep me');
      await folder(alice, inbox, 'Private');
      ({ token: dropToken, id: dropId } = await link(alice, { nodeId: inbox, access: 'upload' }));
    });

    it('takes uploads it never shows, and keeps existing files', async () => {
      const base = `/public/links/${dropToken}`;
      const meta = await visitor.get(base);
      expect(meta.body).toEqual({
        access: 'upload',
        target: 'folder',
        expiresAt: null,
        node: { id: inbox, name: 'Inbox', kind: 'folder' },
      });
      const sent = await visitor.post(`${base}/files?name=scan.pdf`, Buffer.from('pdf bytes'));
      expect(sent.status).toBe(201);
      expect(Object.keys(sent.body).sort()).toEqual(['sha256', 'size']);
      const clash = await visitor.post(`${base}/files?name=existing.txt`, Buffer.from('other'));
      expect(clash.status).toBe(201);
      // A folder's name is taken without telling the visitor that the folder exists.
      const folderClash = await visitor.post(`${base}/files?name=private`, Buffer.from('memo'));
      expect([folderClash.status, Object.keys(folderClash.body).sort()]).toEqual([
        201,
        ['sha256', 'size'],
      ]);

      const names = (await alice.get(`/folders/${inbox}/children`)).body.items.map(
        (item: any) => item.name,
      );
      expect(names).toHaveLength(5);
      expect(names).toContain('scan.pdf');
      expect(names).toContain('Private');
      expect(names).toContain('private (2)');
      const kept = (await alice.get(`/folders/${inbox}/children`)).body.items.find(
        (item: any) => item.name === 'existing.txt',
      );
      expect((await alice.get(`/files/${kept.id}/content`)).body.toString()).toBe('keep me');
      const uploaded = (await alice.get(`/folders/${inbox}/children`)).body.items.find(
        (item: any) => item.name === 'scan.pdf',
      );
      expect((await alice.get(`/files/${uploaded.id}/content`)).body.toString()).toBe('pdf bytes');
      const versions = (await alice.get(`/files/${uploaded.id}/versions`)).body.items;
      expect(versions[0].actorId).toBe(dropId);

      // Reading is rejected, even of the file the drop zone just took.
      expectProblem(await visitor.get(`${base}/children`), 403, 'NOT_PERMITTED_BY_LINK');
      expectProblem(
        await visitor.get(`${base}/content?nodeId=${uploaded.id}`),
        403,
        'NOT_PERMITTED_BY_LINK',
      );
      expectProblem(
        await visitor.get(`${base}/nodes/${uploaded.id}`),
        403,
        'NOT_PERMITTED_BY_LINK',
      );
      expect(await log(alice, dropId)).toEqual([
        'metadata:allowed:-',
        'upload:allowed:-',
        'upload:allowed:-',
        'upload:allowed:-',
        'list:denied:NOT_PERMITTED_BY_LINK',
        'download:denied:NOT_PERMITTED_BY_LINK',
        'list:denied:NOT_PERMITTED_BY_LINK',
      ]);
    });

    it('applies the name rules and the owner’s quota', async () => {
      const base = `/public/links/${dropToken}`;
      const badName = await visitor.post(
        `${base}/files?name=${encodeURIComponent('a/b')}`,
        Buffer.from('x'),
      );
      expect([badName.status, badName.body.code]).toEqual([400, 'INVALID_NAME']);
      const noName = await visitor.post(`${base}/files`, Buffer.from('x'));
      expect(noName.status).toBe(400);
      const twoNames = await visitor.post(`${base}/files?name=a&name=b`, Buffer.from('x'));
      expect([twoNames.status, twoNames.body.code]).toEqual([400, 'INVALID_ARGUMENT']);
      const used = (await alice.get('/me/usage')).body.usedBytes as number;
      expect((await admin.put('/tenant/quota', { userStorageBytes: used + 100 })).status).toBe(200);
      try {
        const big = await visitor.post(`${base}/files?name=big.bin`, Buffer.alloc(200, 7));
        expect([big.status, big.body.code]).toEqual([507, 'QUOTA_EXCEEDED']);
        const small = await visitor.post(`${base}/files?name=small.bin`, Buffer.alloc(50, 7));
        expect(small.status).toBe(201);
      } finally {
        await admin.put('/tenant/quota', { userStorageBytes: null });
      }
      const huge = await visitor.post(
        `${base}/files?name=huge.bin`,
        Buffer.alloc(MAX_UPLOAD_BYTES + 1, 7),
      );
      expect([huge.status, huge.body.code]).toEqual([413, 'TOO_LARGE']);
      const reasons = (await log(alice, dropId)).filter((entry) => entry.startsWith('upload'));
      expect(reasons.slice(-6)).toEqual([
        'upload:denied:INVALID_UPLOAD',
        'upload:denied:INVALID_UPLOAD',
        'upload:denied:INVALID_UPLOAD',
        'upload:denied:QUOTA_EXCEEDED',
        'upload:allowed:-',
        'upload:denied:INVALID_UPLOAD',
      ]);
    });
  });

  describe('creator standing', () => {
    it('stops a link whose creator lost the rights or was disabled', async () => {
      const share = (await alice.post('/shares', { name: 'Projects' })).body;
      await file(alice, share.rootFolderId, 'plan.txt', 'plan');
      await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'contributor' });
      const bobs = await link(bob, { shareId: share.shareId });
      const path = `/public/links/${bobs.token}`;
      expect(
        (
          await visitor.get(
            `${path}/content?nodeId=${(await visitor.get(`${path}/children`)).body.items[0].id}`,
          )
        ).status,
      ).toBe(200);

      // The share's owner manages links into it and reads their log.
      expect((await alice.get(`/links/${bobs.id}`)).status).toBe(200);
      expect((await bob.get(`/shares/${share.shareId}/link-accesses`)).status).toBe(403);

      await alice.delete(`/shares/${share.shareId}/members/user/${bobId}`);
      expectProblem(await visitor.get(path), 404, 'LINK_UNAVAILABLE');
      expect((await bob.get(`/links/${bobs.id}/accesses`)).status).toBe(404);
      await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'reader' });
      expect((await visitor.get(path)).status).toBe(200);

      expect((await admin.post(`/tenant/users/${bobId}/disable`)).status).toBe(200);
      expectProblem(await visitor.get(path), 404, 'LINK_UNAVAILABLE');
      expect((await admin.post(`/tenant/users/${bobId}/enable`)).status).toBe(200);

      const shareLog = (await alice.get(`/shares/${share.shareId}/link-accesses`)).body.items;
      expect(shareLog.map((a: any) => `${a.action}:${a.reason ?? '-'}`).reverse()).toEqual([
        'list:-',
        'download:-',
        'metadata:CREATOR_LACKS_RIGHTS',
        'metadata:-',
        'metadata:CREATOR_DISABLED',
      ]);
    });

    it('stops a drop zone whose creator may no longer create there', async () => {
      const share = (await alice.post('/shares', { name: 'Submissions' })).body;
      await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'contributor' });
      const drop = await link(bob, { shareId: share.shareId, access: 'upload' });
      const upload = `/public/links/${drop.token}/files?name=cv.pdf`;
      expect((await visitor.post(upload, Buffer.from('cv'))).status).toBe(201);
      await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'reader' });
      expectProblem(await visitor.post(upload, Buffer.from('cv 2')), 404, 'LINK_UNAVAILABLE');
      expect((await log(alice, drop.id)).at(-1)).toBe('upload:denied:CREATOR_LACKS_RIGHTS');
    });
  });
});
