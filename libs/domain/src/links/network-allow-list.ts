import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { DomainError } from '../errors/index.js';

/** An IPv4 address written inside IPv6, as dual-stack sockets report IPv4 clients. */
const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** Returns the address a check compares, with IPv4-mapped IPv6 addresses as their IPv4 address. */
export function canonicalAddress(address: string): string {
  return MAPPED_IPV4.exec(address)?.[1] ?? address;
}

/**
 * Parses CIDR blocks (`203.0.113.0/24`, `2001:db8::/32`, or a bare address for one host) into
 * their canonical spelling. Throws INVALID_ARGUMENT naming the first block that is not one.
 */
export function parseNetworks(networks: readonly string[]): string[] {
  return networks.map((network) => {
    const [address = '', prefix, extra] = network.trim().split('/');
    const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
    const maxBits = family === 4 ? 32 : 128;
    const bits = prefix === undefined ? maxBits : Number(prefix);
    if (
      family === 0 ||
      extra !== undefined ||
      (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) ||
      bits > maxBits
    ) {
      throw new DomainError('INVALID_ARGUMENT', `${network} is not a CIDR block`, { network });
    }
    return `${address.toLowerCase()}/${bits}`;
  });
}

/** Returns whether `address` falls in one of the blocks. An empty list admits every address. */
export function addressAllowed(address: string, networks: readonly string[]): boolean {
  if (networks.length === 0) return true;
  const client = canonicalAddress(address);
  const family = isIPv4(client) ? 'ipv4' : isIPv6(client) ? 'ipv6' : null;
  if (family === null) return false;
  const list = new BlockList();
  for (const network of networks) {
    const [block, bits] = network.split('/');
    list.addSubnet(block!, Number(bits), isIPv4(block!) ? 'ipv4' : 'ipv6');
  }
  return list.check(client, family);
}
