import { describe, expect, it } from '@jest/globals';
import {
  baseFile,
  baseFolder,
  baseOf,
  listing,
  LOCAL_FOLDER,
  localFile,
  localOf,
  remoteFile,
  remoteFolder,
} from '../../../../test/support/sync-plan-fixtures.js';
import { planPull } from './plan-pull.js';

describe('planPull', () => {
  it('plans nothing when all three agree', () => {
    const plan = planPull(
      baseOf({ docs: baseFolder('d'), 'docs/a.txt': baseFile('a', 'v1') }),
      listing({ docs: remoteFolder('d'), 'docs/a.txt': remoteFile('a', 'v1') }),
      localOf({ docs: LOCAL_FOLDER, 'docs/a.txt': localFile(10) }),
    );
    expect(plan).toEqual([]);
  });

  it('downloads a new remote file into a new folder', () => {
    const plan = planPull(
      baseOf({}),
      listing({ docs: remoteFolder('d'), 'docs/a.txt': remoteFile('a', 'v1') }),
      localOf({}),
    );
    expect(plan).toEqual([
      { type: 'createFolder', path: 'docs', remote: remoteFolder('d') },
      {
        type: 'download',
        path: 'docs/a.txt',
        remote: remoteFile('a', 'v1'),
        expected: null,
        reuseFrom: null,
      },
    ]);
  });

  it('overwrites an unchanged local file', () => {
    const plan = planPull(
      baseOf({ 'a.txt': baseFile('a', 'v1') }),
      listing({ 'a.txt': remoteFile('a', 'v2') }),
      localOf({ 'a.txt': localFile(10) }),
    );
    expect(plan).toEqual([
      {
        type: 'download',
        path: 'a.txt',
        remote: remoteFile('a', 'v2'),
        expected: localFile(10),
        reuseFrom: 'a.txt',
      },
    ]);
  });

  it('restores a locally deleted file changed remotely', () => {
    const plan = planPull(
      baseOf({ 'a.txt': baseFile('a', 'v1') }),
      listing({ 'a.txt': remoteFile('a', 'v2') }),
      localOf({}),
    );
    expect(plan).toEqual([
      {
        type: 'download',
        path: 'a.txt',
        remote: remoteFile('a', 'v2'),
        expected: null,
        reuseFrom: null,
      },
    ]);
  });

  it('leaves local deletes and edits to the push', () => {
    const plan = planPull(
      baseOf({ 'gone.txt': baseFile('g', 'v1'), 'edited.txt': baseFile('e', 'v1') }),
      listing({ 'gone.txt': remoteFile('g', 'v1'), 'edited.txt': remoteFile('e', 'v1') }),
      localOf({ 'edited.txt': localFile(11) }),
    );
    expect(plan).toEqual([]);
  });

  it('resolves a file changed on both sides', () => {
    const plan = planPull(
      baseOf({ 'a.txt': baseFile('a', 'v1') }),
      listing({ 'a.txt': remoteFile('a', 'v2') }),
      localOf({ 'a.txt': localFile(10, 2000) }),
    );
    expect(plan).toEqual([
      {
        type: 'resolve',
        path: 'a.txt',
        remote: remoteFile('a', 'v2'),
        expected: localFile(10, 2000),
      },
    ]);
  });

  it('resolves a file created on both sides', () => {
    const plan = planPull(
      baseOf({}),
      listing({ 'a.txt': remoteFile('a', 'v1') }),
      localOf({ 'a.txt': localFile(10) }),
    );
    expect(plan.map((step) => step.type)).toEqual(['resolve']);
  });

  it('deletes an unchanged file deleted remotely', () => {
    const plan = planPull(
      baseOf({ 'a.txt': baseFile('a', 'v1') }),
      listing({}),
      localOf({ 'a.txt': localFile(10) }),
    );
    expect(plan).toEqual([{ type: 'deleteFile', path: 'a.txt', expected: localFile(10) }]);
  });

  it('keeps a changed file deleted remotely', () => {
    const plan = planPull(
      baseOf({ 'a.txt': baseFile('a', 'v1') }),
      listing({}),
      localOf({ 'a.txt': localFile(12) }),
    );
    expect(plan).toEqual([{ type: 'forget', path: 'a.txt' }]);
  });

  it('forgets a file deleted on both sides', () => {
    const plan = planPull(baseOf({ 'a.txt': baseFile('a', 'v1') }), listing({}), localOf({}));
    expect(plan).toEqual([{ type: 'forget', path: 'a.txt' }]);
  });

  it('deletes a remote-deleted tree children first', () => {
    const plan = planPull(
      baseOf({
        top: baseFolder('t'),
        'top/sub': baseFolder('s'),
        'top/sub/same.txt': baseFile('x', 'v1'),
        'top/edited.txt': baseFile('y', 'v1'),
      }),
      listing({}),
      localOf({
        top: LOCAL_FOLDER,
        'top/sub': LOCAL_FOLDER,
        'top/sub/same.txt': localFile(10),
        'top/edited.txt': localFile(99),
      }),
    );
    expect(plan).toEqual([
      { type: 'deleteFile', path: 'top/sub/same.txt', expected: localFile(10) },
      { type: 'deleteFolder', path: 'top/sub' },
      { type: 'deleteFolder', path: 'top' },
      { type: 'forget', path: 'top/edited.txt' },
    ]);
  });

  it('moves a renamed file instead of downloading it', () => {
    const plan = planPull(
      baseOf({ 'old.txt': baseFile('a', 'v1') }),
      listing({ 'new.txt': remoteFile('a', 'v1') }),
      localOf({ 'old.txt': localFile(10) }),
    );
    expect(plan).toEqual([{ type: 'move', from: 'old.txt', to: 'new.txt', kind: 'file' }]);
  });

  it('moves a renamed folder with its contents', () => {
    const plan = planPull(
      baseOf({ old: baseFolder('f'), 'old/a.txt': baseFile('a', 'v1') }),
      listing({ new: remoteFolder('f'), 'new/a.txt': remoteFile('a', 'v1') }),
      localOf({ old: LOCAL_FOLDER, 'old/a.txt': localFile(10) }),
    );
    expect(plan).toEqual([{ type: 'move', from: 'old', to: 'new', kind: 'folder' }]);
  });

  it('moves then downloads a renamed and changed file', () => {
    const plan = planPull(
      baseOf({ 'old.txt': baseFile('a', 'v1') }),
      listing({ 'new.txt': remoteFile('a', 'v2') }),
      localOf({ 'old.txt': localFile(10) }),
    );
    expect(plan).toEqual([
      { type: 'move', from: 'old.txt', to: 'new.txt', kind: 'file' },
      {
        type: 'download',
        path: 'new.txt',
        remote: remoteFile('a', 'v2'),
        expected: localFile(10),
        reuseFrom: 'new.txt',
      },
    ]);
  });

  it('follows a move inside a moved folder', () => {
    const plan = planPull(
      baseOf({ old: baseFolder('f'), 'old/a.txt': baseFile('a', 'v1') }),
      listing({ new: remoteFolder('f'), 'elsewhere.txt': remoteFile('a', 'v1') }),
      localOf({ old: LOCAL_FOLDER, 'old/a.txt': localFile(10) }),
    );
    expect(plan).toEqual([
      { type: 'move', from: 'old', to: 'new', kind: 'folder' },
      { type: 'move', from: 'new/a.txt', to: 'elsewhere.txt', kind: 'file' },
    ]);
  });

  it('skips a move onto a taken local path', () => {
    const plan = planPull(
      baseOf({ 'old.txt': baseFile('a', 'v1') }),
      listing({ 'new.txt': remoteFile('a', 'v1') }),
      localOf({ 'old.txt': localFile(10), 'new.txt': localFile(5) }),
    );
    expect(plan.map((step) => step.type)).toEqual(['resolve', 'deleteFile']);
  });

  it('reuses an unchanged local copy of equal content', () => {
    const plan = planPull(
      baseOf({ 'a.txt': baseFile('a', 'v1') }),
      listing({ 'a.txt': remoteFile('a', 'v1'), 'copy.txt': remoteFile('c', 'v1') }),
      localOf({ 'a.txt': localFile(10) }),
    );
    expect(plan).toEqual([
      {
        type: 'download',
        path: 'copy.txt',
        remote: remoteFile('c', 'v1'),
        expected: null,
        reuseFrom: 'a.txt',
      },
    ]);
  });

  it('adopts a folder created on both sides', () => {
    const plan = planPull(
      baseOf({}),
      listing({ docs: remoteFolder('d') }),
      localOf({ docs: LOCAL_FOLDER }),
    );
    expect(plan).toEqual([{ type: 'adoptFolder', path: 'docs', remote: remoteFolder('d') }]);
  });

  it('moves a local file aside for a remote folder', () => {
    const plan = planPull(
      baseOf({}),
      listing({ x: remoteFolder('d') }),
      localOf({ x: localFile(3) }),
    );
    expect(plan).toEqual([
      { type: 'moveAside', path: 'x' },
      { type: 'createFolder', path: 'x', remote: remoteFolder('d') },
    ]);
  });

  it('moves a local folder aside for a remote file', () => {
    const plan = planPull(
      baseOf({ x: baseFolder('old'), 'x/a.txt': baseFile('a', 'v1') }),
      listing({ x: remoteFile('n', 'v7') }),
      localOf({ x: LOCAL_FOLDER, 'x/a.txt': localFile(10) }),
    );
    expect(plan).toEqual([
      { type: 'moveAside', path: 'x' },
      {
        type: 'download',
        path: 'x',
        remote: remoteFile('n', 'v7'),
        expected: null,
        reuseFrom: null,
      },
      { type: 'forget', path: 'x/a.txt' },
    ]);
  });

  it('overwrites an unchanged file replaced remotely', () => {
    const plan = planPull(
      baseOf({ 'a.txt': baseFile('old', 'v1') }),
      listing({ 'a.txt': remoteFile('new', 'v9') }),
      localOf({ 'a.txt': localFile(10) }),
    );
    expect(plan.map((step) => step.type)).toEqual(['download']);
  });

  it('leaves a case-renamed file to the push', () => {
    // Downloading to a.txt would put a second file beside A.txt, which the server cannot store.
    const plan = planPull(
      baseOf({ 'a.txt': baseFile('a', 'v1') }),
      listing({ 'a.txt': remoteFile('a', 'v2') }),
      localOf({ 'A.txt': localFile(10) }),
    );
    expect(plan).toEqual([]);
  });

  it('leaves new files in a case-renamed folder', () => {
    const plan = planPull(
      baseOf({ Docs: baseFolder('d') }),
      listing({
        Docs: remoteFolder('d'),
        'Docs/new': remoteFolder('n'),
        'Docs/a.txt': remoteFile('a', 'v1'),
      }),
      localOf({ docs: LOCAL_FOLDER }),
    );
    expect(plan).toEqual([]);
  });

  it('still downloads beside a name that differs in more than case', () => {
    const plan = planPull(
      baseOf({ 'a.txt': baseFile('a', 'v1') }),
      listing({ 'a.txt': remoteFile('a', 'v2') }),
      localOf({ 'a.txt.bak': localFile(10) }),
    );
    expect(plan.map((step) => step.type)).toEqual(['download']);
  });
});
