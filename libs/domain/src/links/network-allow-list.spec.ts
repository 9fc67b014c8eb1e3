import { addressAllowed, canonicalAddress, parseNetworks } from './network-allow-list.js';

describe('network allow-lists', () => {
  it('admits addresses inside IPv4 and IPv6 blocks', () => {
    const networks = parseNetworks(['203.0.113.0/24', '2001:DB8::/32', '198.51.100.7']);
    expect(networks).toEqual(['203.0.113.0/24', '2001:db8::/32', '198.51.100.7/32']);
    expect(addressAllowed('203.0.113.200', networks)).toBe(true);
    expect(addressAllowed('203.0.114.1', networks)).toBe(false);
    expect(addressAllowed('2001:db8:ffff::1', networks)).toBe(true);
    expect(addressAllowed('2001:db9::1', networks)).toBe(false);
    expect(addressAllowed('198.51.100.7', networks)).toBe(true);
    expect(addressAllowed('198.51.100.8', networks)).toBe(false);
  });

  it('treats IPv4-mapped IPv6 clients as their IPv4 address', () => {
    expect(canonicalAddress('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(addressAllowed('::ffff:127.0.0.2', parseNetworks(['127.0.0.2/32']))).toBe(true);
    expect(addressAllowed('::ffff:127.0.0.3', parseNetworks(['127.0.0.2/32']))).toBe(false);
  });

  it('admits everyone with an empty list and nobody with an unreadable address', () => {
    expect(addressAllowed('192.0.2.1', [])).toBe(true);
    expect(addressAllowed('unknown', parseNetworks(['0.0.0.0/0']))).toBe(false);
  });

  it('names the block that is not one', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0/8', 'fe80::/129', 'example.com', '10.0.0.0/8/1']) {
      expect(() => parseNetworks(['10.0.0.0/8', bad])).toThrow(`${bad} is not a CIDR block`);
    }
  });
});
