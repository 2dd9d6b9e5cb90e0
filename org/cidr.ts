import { isIP } from 'node:net';

/** An IPv4 or IPv6 address, optionally with a prefix length that fits it. */
export function isIpOrCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** A CIDR range: an IPv4 or IPv6 address, "/" and a prefix length that fits it. */
export function isCidr(value: string): boolean {
  return value.includes('/') && isIpOrCidr(value);
}
