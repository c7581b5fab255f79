import { plaintextInSettings, ENCRYPTED_SSLMODES } from "../lib/dsn";
import { at, label, T } from "../lib/read";
import { Rule, schema } from "../lib/types";

const WORKLOADS = new Set<string>([
  T.deployment,
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
]);

const strings = (o: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((o as Record<string, unknown> | undefined) ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );

const decoded = (o: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(strings(o)).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
  );

function containersOf(props: Record<string, unknown>): Array<Record<string, unknown>> {
  const pod = at(props, "spec.template.spec") ?? at(props, "spec.jobTemplate.spec.template.spec");
  return [
    ...((at(pod, "containers") as never[]) ?? []),
    ...((at(pod, "initContainers") as never[]) ?? []),
  ];
}

const FIX = `connect with sslmode=${ENCRYPTED_SSLMODES.join("/")}, rediss:// and amqps://`;

export const noPlaintextDataDsn: Rule = {
  name: "no-plaintext-data-dsn",
  description: `Checks whether every connection string to a data service that Kubernetes objects carry (Secrets, ConfigMaps, container environments) is encrypted: PostgreSQL with sslmode ${ENCRYPTED_SSLMODES.join(", ")} (also PGHOST with PGSSLMODE), Redis as rediss://, RabbitMQ as amqps://.`,
  configSchema: schema({}),
  validateResource: (args, report) => {
    const what = label(args);
    const sets: [string, Record<string, string>][] = [];
    if (args.type === "kubernetes:core/v1:Secret")
      sets.push(
        ["stringData", strings(at(args.props, "stringData"))],
        ["data", decoded(at(args.props, "data"))],
      );
    if (args.type === T.configMap) sets.push(["data", strings(at(args.props, "data"))]);
    if (WORKLOADS.has(args.type))
      for (const c of containersOf(args.props))
        sets.push([
          `container ${String(c.name)} env`,
          Object.fromEntries(
            ((c.env as Array<{ name: string; value?: unknown }> | undefined) ?? [])
              .filter((e) => typeof e.value === "string")
              .map((e) => [e.name, e.value as string]),
          ),
        ]);
    for (const [where, values] of sets)
      for (const p of plaintextInSettings(values)) report(`${what}: ${where}.${p}; ${FIX}`);
  },
};
