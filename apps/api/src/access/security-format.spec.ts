import { Inherit, Right } from '@scaidrive/domain';
import { parseEntries } from './security-format.js';

const principal = { kind: 'user', id: '6f1c2b1e-9f0a-4c1d-8e2f-0a1b2c3d4e5f' };

describe('parseEntries', () => {
  it('turns right and flag names into masks', () => {
    const [entry] = parseEntries([
      { principal, type: 'deny', rights: ['LIST', 'READ'], inheritance: ['OBJECT'] },
    ]);
    expect(entry).toEqual({
      principal,
      type: 'deny',
      rights: Right.LIST | Right.READ,
      inheritance: Inherit.OBJECT,
    });
  });

  it('names the unknown rights it rejects', () => {
    const parse = () => parseEntries([{ principal, type: 'allow', rights: ['READ', 'FLY'] }]);
    expect(parse).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(parse).toThrow(/unknown names "FLY"/);
  });

  it('rejects rights that are not a list', () => {
    expect(() => parseEntries([{ principal, type: 'allow', rights: 'READ' }])).toThrow(
      /must be a list of names/,
    );
  });
});
