import { describe, expect, it } from '@jest/globals';
import type { ShareDto } from '../api/api-types.js';
import { pickShare } from './sync-target.js';
import { SyncSetupError } from './sync-setup-error.js';

function share(shareId: string, name: string, role = 'reader'): ShareDto {
  return { shareId, name, role, treeId: `tree-${shareId}`, rootFolderId: `root-${shareId}` };
}

const shares = [share('s1', 'Finance', 'owner'), share('s2', 'Team'), share('s3', 'Team')];

describe('pickShare', () => {
  it('picks the share with the name', () => {
    expect(pickShare(shares, 'Finance').shareId).toBe('s1');
  });

  it('compares names in NFC', () => {
    const cafe = share('s4', 'Caf\u00e9');
    expect(pickShare([cafe], 'Cafe\u0301').shareId).toBe('s4');
  });

  it('picks a share by its id', () => {
    expect(pickShare(shares, 's3').shareId).toBe('s3');
  });

  it('lists the shares when none matches', () => {
    expect(() => pickShare(shares, 'Missing')).toThrow(SyncSetupError);
    expect(() => pickShare(shares, 'Missing')).toThrow(
      'no share named "Missing" found; your shares: "Finance" (owner, id s1)',
    );
  });

  it('says when the user has no share', () => {
    expect(() => pickShare([], 'Finance')).toThrow('you are a member of no share');
  });

  it('lists the matches when several share a name', () => {
    expect(() => pickShare(shares, 'Team')).toThrow(
      '2 of your shares are named "Team": "Team" (reader, id s2), "Team" (reader, id s3); ' +
        'pass the share id to --share instead',
    );
  });
});
