/** Queue types the setup Job declares. Quorum queues replicate over the cluster's nodes (Raft). */
export const QUEUE_TYPES = ["quorum", "classic"] as const;
/** One of {@link QUEUE_TYPES}. */
export type QueueType = (typeof QUEUE_TYPES)[number];

const QUEUE_NAME = /^[a-z][a-z0-9._-]{0,63}$/;

/**
 * The shell script the queue setup Job runs: one management-API `PUT /api/queues/%2F/<name>` per
 * queue, declaring it durable with `x-queue-type`. Declaring an existing queue with the same
 * arguments changes nothing, so the Job may run again. Transient failures (connection refused,
 * timeouts, 5xx) are retried; a refusal such as a queue of another type fails the Job at once. Reads `AMQP_USER`, `AMQP_PASSWORD` and
 * `MANAGEMENT_URL` from the environment (a Secret), so the script itself holds no credential.
 *
 * @param queues queue names (`[a-z][a-z0-9._-]{0,63}`: safe in a URL path and in shell words).
 * @param type queue type for every queue.
 * @throws Error naming the queue when a name is not allowed, or the type when it is unknown.
 */
export function queueSetupScript(queues: readonly string[], type: QueueType): string {
  if (!(QUEUE_TYPES as readonly string[]).includes(type))
    throw new Error(
      `queue.queueType: ${JSON.stringify(type)} is not one of ${QUEUE_TYPES.join(", ")}`,
    );
  const body = JSON.stringify({
    durable: true,
    auto_delete: false,
    arguments: { "x-queue-type": type },
  });
  const lines = ["set -eu"];
  queues.forEach((q, i) => {
    if (typeof q !== "string" || !QUEUE_NAME.test(q))
      throw new Error(
        `queue.queues[${i}]: ${JSON.stringify(q)} is not a queue name like agent-tasks`,
      );
    lines.push(
      `curl -fsS --retry 5 --retry-connrefused -u "$AMQP_USER:$AMQP_PASSWORD" -X PUT -H 'content-type: application/json' --data '${body}' "$MANAGEMENT_URL/api/queues/%2F/${q}"`,
      `echo "declared ${type} queue ${q}"`,
    );
  });
  return lines.join("\n") + "\n";
}

/**
 * The broker's management API base URL from its AMQPS endpoint: Amazon MQ serves the RabbitMQ
 * management API over HTTPS on the same host.
 * @throws Error when the endpoint is not an `amqps://host:port` URL.
 */
export function managementUrl(amqpsEndpoint: string): string {
  const m = /^amqps:\/\/([A-Za-z0-9.-]+):\d{1,5}\/?$/.exec(String(amqpsEndpoint));
  if (!m)
    throw new Error(
      `management url: endpoint ${JSON.stringify(amqpsEndpoint)} is not an amqps://host:port URL`,
    );
  return `https://${m[1]}`;
}
