// Makes node_modules match package-lock.json (npm ci) when they are missing or stale, so that
// `npm run plan` and `npm test` work on a fresh clone. Plain Node: it runs before any install.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: the platform needs Node >= 20.19 (require(esm) for chai).`);
  process.exit(1);
}

const lock = readFileSync(join(root, "package-lock.json"));
const want = createHash("sha256").update(lock).digest("hex");
const stamp = join(root, "node_modules", ".platform-lock-sha256");
if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) process.exit(0);

console.error("[setup] installing npm dependencies from package-lock.json (npm ci)...");
execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
writeFileSync(stamp, want);
