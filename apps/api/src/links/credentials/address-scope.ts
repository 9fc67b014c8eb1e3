import { isIPv4, isIPv6 } from 'node:net';

function expandIPv6(address: string): number[] {
  // A trailing dotted IPv4 part (::ffff:192.0.2.1) stands for the last two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  let text = address;
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const headGroups = parse(head);
  const tailGroups = parse(tail);
  const zeros = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill(0);
  return [...headGroups, ...zeros, ...tailGroups];
}

/**
 * Returns the throttling scope of a client address. An IPv6 client usually controls a whole /64,
 * so all of its addresses share one scope. An IPv4-mapped IPv6 address counts as its IPv4
 * address. Anything else, such as an unknown address, is used as given.
 */
export function addressScope(address: string): string {
  const withoutZone = address.split('%')[0];
  if (isIPv4(withoutZone)) return `address:${withoutZone}`;
  if (!isIPv6(withoutZone)) return `address:${address}`;

  const groups = expandIPv6(withoutZone.toLowerCase());
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const bytes = [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff];
    return `address:${bytes.join('.')}`;
  }
  const prefix = groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':');
  return `address:${prefix}::/64`;
}
