/**
 * A throw-away redis-server on a free loopback port, configured from an ElastiCache parameter group.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { RedisParameterGroup, redisConfLines } from "../../components/cache/redis-parameters";
import { redisServerBinary } from "./binaries";
import {
  freePort,
  giveToServerUser,
  LOOPBACK,
  makeServerDir,
  serverUser,
  supervise,
  waitForPort,
} from "./process";

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** The parameter group under test; its redis.conf equivalents are applied. Required. */
  parameterGroup: RedisParameterGroup;
  /** `maxmemory` in bytes (ElastiCache derives it from the node type; locally it is set small). @default 8 MiB */
  maxmemoryBytes?: number;
}

/** A running local redis-server. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly confFile: string;
  readLog(): string;
  /** Stops redis-server and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts redis-server with the group's parameters, no persistence, bound to loopback.
 * A single local server cannot serve cluster mode, so a group with `cluster-enabled yes` is refused.
 *
 * @throws Error with the install command when redis-server is missing, or its log when it fails to start.
 */
export async function startRedis(options: StartRedisOptions): Promise<RedisServer> {
  const lines = redisConfLines(options.parameterGroup);
  if (lines.includes("cluster-enabled yes")) {
    throw new Error(
      "startRedis: the parameter group enables cluster mode; a single local redis-server cannot serve it (render the group with clusterMode: false)",
    );
  }
  const binary = redisServerBinary();
  const root = makeServerDir("redis");
  const port = await freePort();
  const confFile = path.join(root, "redis.conf");
  const logFile = path.join(root, "redis.log");
  writeFileSync(
    confFile,
    [
      `bind ${LOOPBACK}`,
      `port ${port}`,
      `dir ${root}`,
      "daemonize no",
      'save ""',
      "appendonly no",
      `maxmemory ${options.maxmemoryBytes ?? 8 * 1024 * 1024}`,
      ...lines,
    ].join("\n") + "\n",
  );
  giveToServerUser(confFile);
  const log = openSync(logFile, "a");
  const child = spawn(binary, [confFile], { ...serverUser(), stdio: ["ignore", log, log] });
  closeSync(log);
  const { readLog, stop } = supervise(child, root, logFile, "SIGTERM");
  const server: RedisServer = {
    host: LOOPBACK,
    port,
    url: `redis://${LOOPBACK}:${port}`,
    confFile,
    readLog,
    stop,
  };
  try {
    await waitForPort(port, "redis-server", 15000, child);
  } catch (e) {
    const message = `${(e as Error).message}\n--- ${logFile} ---\n${readLog().slice(-3000)}`;
    await server.stop();
    throw new Error(message);
  }
  return server;
}
