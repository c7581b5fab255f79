/**
 * The `rediss://` URL clients use: TLS (ElastiCache encrypts in transit) with the AUTH token as the
 * password of the default user. Contains the token: build it inside an `apply` on the secret and
 * store it only in a Kubernetes Secret.
 *
 * @param host primary endpoint, or the configuration endpoint in cluster mode.
 * @param port Redis port. @default 6379
 * @param authToken the AUTH token; empty means no AUTH (a local Redis in tests).
 * @throws Error naming the host when it is not a host name or IPv4 address.
 */
export function redisUrl(host: string, authToken: string, port = 6379): string {
  if (typeof host !== "string" || !/^[A-Za-z0-9.-]+$/.test(host))
    throw new Error(`redis url: host ${JSON.stringify(host)} is not a host name or IPv4 address`);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`redis url: port ${JSON.stringify(port)} is not a TCP port`);
  const auth = authToken ? `:${encodeURIComponent(authToken)}@` : "";
  return `rediss://${auth}${host}:${port}`;
}
