import { addressScope } from './address-scope.js';

describe('addressScope', () => {
  it.each([
    ['192.0.2.7', 'address:192.0.2.7'],
    ['::ffff:192.0.2.7', 'address:192.0.2.7'],
    ['::FFFF:c000:0207', 'address:192.0.2.7'],
    ['2001:db8::1', 'address:2001:db8:0:0::/64'],
    ['2001:db8:0:0:ffff:1:2:3', 'address:2001:db8:0:0::/64'],
    ['2001:DB8:1:2:3:4:5:6', 'address:2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'address:fe80:0:0:0::/64'],
    ['::1', 'address:0:0:0:0::/64'],
    ['unknown', 'address:unknown'],
  ])('maps %s', (address, scope) => {
    expect(addressScope(address)).toBe(scope);
  });

  it('gives one /64 a single scope', () => {
    expect(addressScope('2001:db8:5:6::a')).toBe(addressScope('2001:db8:5:6:ffff::b'));
  });

  it('separates neighbouring /64 blocks', () => {
    expect(addressScope('2001:db8:5:6::a')).not.toBe(addressScope('2001:db8:5:7::a'));
  });
});
