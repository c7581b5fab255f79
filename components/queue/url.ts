/** Port of AMQP over TLS on Amazon MQ for RabbitMQ. */
export const AMQPS_PORT = 5671;
/** Port of the broker's management API (HTTPS), which the queue setup Job and KEDA may use. */
export const MANAGEMENT_PORT = 443;

/**
 * The `amqps://user:password@host:5671` URL clients use, from the broker's endpoint as Amazon MQ
 * reports it (`amqps://b-….mq.<region>.on.aws:5671`). Contains the password: build it inside an
 * `apply` on the secret and store it only in a Kubernetes Secret.
 *
 * @throws Error when the endpoint is not an `amqps://host:port` URL (an unencrypted `amqp://` is refused).
 */
export function amqpUrl(endpoint: string, username: string, password: string): string {
  const m = /^amqps:\/\/([A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(String(endpoint));
  if (!m)
    throw new Error(
      `amqp url: endpoint ${JSON.stringify(endpoint)} is not an amqps://host:port URL`,
    );
  if (!username) throw new Error("amqp url: username must not be empty");
  return `amqps://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${m[1]}:${m[2]}`;
}
