/**
 * A real RabbitMQ (Debian's `rabbitmq-server`) for the worker queues KEDA scales on: its own
 * Erlang port mapper (epmd) and distribution port on loopback, its data in the run folder, a user
 * and password made for the run. Started after the control plane, stopped with it.
 */
import { randomBytes } from "node:crypto";
import { accessSync, constants, writeFileSync } from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { LOOPBACK } from "../servers/process";
import type { RunContext } from "./run-context";
import { PieceError, type PieceSpec } from "./supervisor";

/** Where Debian's package puts the server (the /usr/sbin wrapper would switch to its own user). */
const RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
const EPMD = "/usr/bin/epmd";
export const RABBITMQ_INSTALL_HINT = "apt-get update && apt-get install -y rabbitmq-server";

/** How to reach the run's RabbitMQ. */
export interface RabbitMqEndpoint {
  host: string;
  port: number;
  username: string;
  password: string;
  /** `amqp://user:password@127.0.0.1:port/` (the default vhost). */
  url: string;
  /** The AMQPS listener, its certificate signed by the run's CA (SANs 127.0.0.1 and localhost). */
  tlsPort: number;
  /** `amqps://user:password@127.0.0.1:tlsPort/`. */
  tlsUrl: string;
  /** `amqps://127.0.0.1:tlsPort`: the endpoint as Amazon MQ reports one, what the program takes. */
  tlsEndpoint: string;
  /** The run's CA certificate, which signed the listener's (clients trust it). */
  caFile: string;
}

function executable(piece: string, logFile: string, file: string): string {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new PieceError(
      piece,
      logFile,
      `${file} not found; install it with: ${RABBITMQ_INSTALL_HINT}`,
    );
  }
  return file;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, LOOPBACK);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export function epmdSpec(ctx: RunContext): PieceSpec {
  const port = ctx.ports["rabbitmq.epmd"];
  return {
    name: "epmd",
    binary: executable("epmd", ctx.supervisor.logFile("epmd"), EPMD),
    // In the foreground (no -daemon), so it stays in its process group and is stopped by PID.
    args: ["-port", String(port), "-address", LOOPBACK],
    ports: { epmd: port },
    ready: () => listening(port),
    readyTimeoutMs: 15000,
  };
}

/** The RabbitMQ piece and the endpoint it will serve. */
export function rabbitmqSpec(
  ctx: RunContext,
  timeoutMs = 120000,
): { spec: PieceSpec; endpoint: RabbitMqEndpoint } {
  const dir = ctx.dataDir("rabbitmq");
  const port = ctx.ports.rabbitmq;
  const tlsPort = ctx.ports["rabbitmq.tls"];
  const username = "platform";
  const password = randomBytes(12).toString("hex");
  const endpoint: RabbitMqEndpoint = {
    host: LOOPBACK,
    port,
    username,
    password,
    url: `amqp://${username}:${password}@${LOOPBACK}:${port}/`,
    tlsPort,
    tlsUrl: `amqps://${username}:${password}@${LOOPBACK}:${tlsPort}/`,
    tlsEndpoint: `amqps://${LOOPBACK}:${tlsPort}`,
    caFile: ctx.pki.ca,
  };
  const tls = ctx.pki.serving.rabbitmq;
  const conf = path.join(dir, "rabbitmq.conf");
  writeFileSync(
    conf,
    [
      `listeners.tcp.default = ${LOOPBACK}:${port}`,
      `listeners.ssl.default = ${LOOPBACK}:${tlsPort}`,
      `ssl_options.cacertfile = ${ctx.pki.ca}`,
      `ssl_options.certfile = ${tls.cert}`,
      `ssl_options.keyfile = ${tls.key}`,
      // Clients authenticate with user and password, as on Amazon MQ, not with certificates.
      "ssl_options.verify = verify_none",
      "ssl_options.fail_if_no_peer_cert = false",
      `default_user = ${endpoint.username}`,
      `default_pass = ${endpoint.password}`,
      "log.console = true",
      "log.console.level = warning",
      "log.file = false",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  writeFileSync(path.join(dir, "enabled_plugins"), "[].\n");
  writeFileSync(path.join(dir, "rabbitmq-env.conf"), "");
  const spec: PieceSpec = {
    name: "rabbitmq",
    binary: executable("rabbitmq", ctx.supervisor.logFile("rabbitmq"), RABBITMQ_SERVER),
    args: [],
    env: {
      HOME: dir,
      RABBITMQ_CONF_ENV_FILE: path.join(dir, "rabbitmq-env.conf"),
      RABBITMQ_CONFIG_FILE: conf,
      RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, "advanced.config"),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, "enabled_plugins"),
      RABBITMQ_NODENAME: `proving-ground-${port}@localhost`,
      RABBITMQ_NODE_IP_ADDRESS: LOOPBACK,
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(ctx.ports["rabbitmq.dist"]),
      RABBITMQ_MNESIA_BASE: path.join(dir, "mnesia"),
      RABBITMQ_LOG_BASE: path.join(dir, "log"),
      RABBITMQ_LOGS: "-",
      RABBITMQ_PID_FILE: path.join(dir, "rabbitmq.pid"),
      // Our epmd, on loopback; Erlang must not start (and leave behind) one of its own.
      ERL_EPMD_PORT: String(ctx.ports["rabbitmq.epmd"]),
      ERL_EPMD_ADDRESS: LOOPBACK,
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS:
        "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}",
    },
    ports: { amqp: port, amqps: tlsPort, dist: ctx.ports["rabbitmq.dist"] },
    ready: async () => (await listening(port)) && (await listening(tlsPort)),
    readyTimeoutMs: timeoutMs,
  };
  return { spec, endpoint };
}
