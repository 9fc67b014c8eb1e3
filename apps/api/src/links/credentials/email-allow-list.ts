/** Returns an address in the form the allow-list and the one-time codes compare. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Returns whether a link's allow-list admits an address. An entry is either a whole address or
 * `@domain`, which admits every address of exactly that domain but not of its subdomains.
 * Comparison ignores case and surrounding spaces.
 */
export function emailAllowed(email: string, allowedEmails: readonly string[]): boolean {
  const address = normalizeEmail(email);
  const at = address.lastIndexOf('@');
  // An address needs a local part and a domain. A quoted local part containing @ is rejected,
  // because such addresses are rare enough not to be worth parsing RFC 5321 quoting.
  if (at <= 0 || at === address.length - 1 || address.indexOf('@') !== at) return false;
  const domain = address.slice(at);
  return allowedEmails.some((entry) => {
    const allowed = normalizeEmail(entry);
    return allowed.startsWith('@') ? allowed === domain : allowed === address;
  });
}
