import { describe, expect, it } from '@jest/globals';
import {
  baseFile,
  baseFolder,
  baseOf,
  LOCAL_FOLDER,
  localFile,
  localOf,
} from '../../../../test/support/sync-plan-fixtures.js';
import { planPush } from './plan-push.js';

describe('planPush', () => {
  it('plans nothing for an unchanged tree', () => {
    const plan = planPush(
      baseOf({ docs: baseFolder('d'), 'docs/a.txt': baseFile('a', 'v1') }),
      localOf({ docs: LOCAL_FOLDER, 'docs/a.txt': localFile(10) }),
    );
    expect(plan).toEqual({ renames: [], createFolders: [], uploads: [], deletes: [] });
  });

  it('creates new folders parents first', () => {
    const plan = planPush(
      baseOf({}),
      localOf({ 'a/b/c': LOCAL_FOLDER, a: LOCAL_FOLDER, 'a/b': LOCAL_FOLDER }),
    );
    expect(plan.createFolders).toEqual(['a', 'a/b', 'a/b/c']);
  });

  it('uploads new files without a base', () => {
    const plan = planPush(baseOf({}), localOf({ 'a.txt': localFile(3) }));
    expect(plan.uploads).toEqual([{ path: 'a.txt', local: localFile(3), base: null }]);
  });

  it('uploads changed files with their base', () => {
    const base = baseFile('a', 'v1');
    const bySize = planPush(baseOf({ 'a.txt': base }), localOf({ 'a.txt': localFile(11) }));
    const byMtime = planPush(baseOf({ 'a.txt': base }), localOf({ 'a.txt': localFile(10, 5) }));
    expect(bySize.uploads).toEqual([{ path: 'a.txt', local: localFile(11), base }]);
    expect(byMtime.uploads).toEqual([{ path: 'a.txt', local: localFile(10, 5), base }]);
  });

  it('deletes a removed folder once', () => {
    const plan = planPush(
      baseOf({
        docs: baseFolder('d'),
        'docs/a.txt': baseFile('a', 'v1'),
        'b.txt': baseFile('b', 'v1'),
      }),
      localOf({}),
    );
    expect(plan.deletes).toEqual([
      { path: 'docs', base: baseFolder('d'), replaced: false },
      { path: 'b.txt', base: baseFile('b', 'v1'), replaced: false },
    ]);
  });

  it('replaces a folder by a file', () => {
    const plan = planPush(
      baseOf({ x: baseFolder('d'), 'x/a.txt': baseFile('a', 'v1') }),
      localOf({ x: localFile(4) }),
    );
    expect(plan.deletes).toEqual([{ path: 'x', base: baseFolder('d'), replaced: true }]);
    expect(plan.uploads).toEqual([{ path: 'x', local: localFile(4), base: null }]);
  });

  it('replaces a file by a folder', () => {
    const plan = planPush(baseOf({ x: baseFile('a', 'v1') }), localOf({ x: LOCAL_FOLDER }));
    expect(plan.deletes).toEqual([{ path: 'x', base: baseFile('a', 'v1'), replaced: true }]);
    expect(plan.createFolders).toEqual(['x']);
  });

  it('renames a folder whose name changed case', () => {
    const plan = planPush(
      baseOf({ docs: baseFolder('d'), 'docs/a.txt': baseFile('a', 'v1') }),
      localOf({ Docs: LOCAL_FOLDER, 'Docs/a.txt': localFile(10) }),
    );
    expect(plan.renames).toEqual([{ from: 'docs', to: 'Docs', base: baseFolder('d') }]);
    expect(plan.createFolders).toEqual([]);
    expect(plan.uploads).toEqual([]);
    expect(plan.deletes).toEqual([]);
  });

  it('renames a file inside a case-renamed folder', () => {
    const plan = planPush(
      baseOf({ docs: baseFolder('d'), 'docs/a.txt': baseFile('a', 'v1') }),
      localOf({ Docs: LOCAL_FOLDER, 'Docs/A.TXT': localFile(10) }),
    );
    expect(plan.renames.map(({ from, to }) => [from, to])).toEqual([
      ['docs', 'Docs'],
      ['Docs/a.txt', 'Docs/A.TXT'],
    ]);
    expect(plan.uploads).toEqual([]);
  });

  it('does not rename across folders', () => {
    const plan = planPush(
      baseOf({ 'a/x.txt': baseFile('x', 'v1'), a: baseFolder('a'), b: baseFolder('b') }),
      localOf({ a: LOCAL_FOLDER, b: LOCAL_FOLDER, 'b/X.txt': localFile(10) }),
    );
    expect(plan.renames).toEqual([]);
    expect(plan.uploads).toHaveLength(1);
  });
});
