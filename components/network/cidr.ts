/**
 * IPv4 CIDR arithmetic for subnet planning. Hand-written because it is a few dozen lines of
 * integer maths and every npm alternative pulls in IPv6 and string-parsing baggage we do not need.
 */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  base: number;
  /** Prefix length, 0–32. */
  prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; throws when malformed or when host bits are set (e.g. `10.0.0.1/16`). */
export function parseCidr(text: string): Cidr {
  const m = CIDR_RE.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not an IPv4 CIDR block like 10.0.0.0/16`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    throw new Error(
      `"${text}" is not an IPv4 CIDR block: octets must be 0-255 and the prefix 0-32`,
    );
  }
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % blockSize(prefix) !== 0) {
    throw new Error(
      `"${text}" has host bits set; did you mean ${formatCidr({ base: alignDown(base, prefix), prefix })}?`,
    );
  }
  return { base, prefix };
}

/** Formats a CIDR back to `a.b.c.d/n`. */
export function formatCidr(c: Cidr): string {
  const o = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
  return `${o.join(".")}/${c.prefix}`;
}

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

function alignDown(addr: number, prefix: number): number {
  return addr - (addr % blockSize(prefix));
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/** True when `inner` lies entirely within `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.base >= outer.base &&
    inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix)
  );
}

/**
 * Allocates blocks of the requested prefix lengths inside `parent`, largest first so that every
 * block stays aligned without gaps, and returns them in request order. Returns `undefined` when
 * they do not fit, so callers can turn that into a configuration error with their own wording.
 */
export function allocate(parent: Cidr, prefixes: readonly number[]): Cidr[] | undefined {
  const order = prefixes.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out: Cidr[] = new Array(prefixes.length);
  let next = parent.base;
  const end = parent.base + blockSize(parent.prefix);
  for (const { p, i } of order) {
    if (p < parent.prefix) return undefined;
    // Largest-first keeps `next` aligned for every later (smaller or equal) block.
    if (next + blockSize(p) > end) return undefined;
    out[i] = { base: next, prefix: p };
    next += blockSize(p);
  }
  return out;
}
