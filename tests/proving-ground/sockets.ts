/**
 * Which TCP addresses a set of processes listens on, from /proc: each process's socket inodes
 * matched against the kernel's LISTEN table. Lets a test check "loopback only" on what really runs.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface ListeningSocket {
  pid: number;
  address: string;
  port: number;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    // IPv4, little-endian
    return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join(".");
  }
  // IPv6 as four little-endian 32-bit words; only the shapes that matter here are named.
  if (/^0{32}$/.test(hex)) return "::";
  if (hex === "00000000000000000000000001000000") return "::1";
  if (hex.startsWith("0000000000000000FFFF0000")) return `::ffff:${decodeAddress(hex.slice(24))}`;
  return hex;
}

function listenTable(): Map<string, { address: string; port: number }> {
  const out = new Map<string, { address: string; port: number }>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== "0A") continue; // 0A = LISTEN
      const [addr, port] = f[1].split(":");
      out.set(f[9], { address: decodeAddress(addr), port: parseInt(port, 16) });
    }
  }
  return out;
}

/** Every listening TCP socket the given processes hold. */
export function listeningSockets(pids: number[]): ListeningSocket[] {
  const table = listenTable();
  const out: ListeningSocket[] = [];
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = "";
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const sock = inode ? table.get(inode) : undefined;
      if (
        sock &&
        !out.some((s) => s.pid === pid && s.port === sock.port && s.address === sock.address)
      )
        out.push({ pid, ...sock });
    }
  }
  return out;
}
