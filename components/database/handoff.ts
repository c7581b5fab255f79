import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DATA_SECRET_KEYS, DATA_SECRET_NAME } from "../shared/handoff";
import { DATA_TIER_PART_OF, PART_OF_LABEL } from "../shared/labels";

/** The four connection URLs handed to workloads; each contains credentials, so each is a secret. */
export interface HandoffUrls {
  /** Writer pool DSN through PgBouncer. */
  writerUrl: pulumi.Input<string>;
  /** Reader pool DSN through PgBouncer. */
  readerUrl: pulumi.Input<string>;
  /** `rediss://` URL with the AUTH token. */
  redisUrl: pulumi.Input<string>;
  /** `amqps://` URL with the broker credentials. */
  amqpUrl: pulumi.Input<string>;
}

/** Arguments of {@link DataHandoff}. */
export interface DataHandoffArgs extends HandoffUrls {
  /** Application namespaces; each must exist (pass them in `dependsOn`). Required. */
  namespaces: string[];
}

/**
 * In every application namespace, the Secret {@link DATA_SECRET_NAME} with the keys of
 * {@link DATA_SECRET_KEYS}. Fixed name (workloads reference it); the whole `stringData` is secret.
 */
export class DataHandoff extends pulumi.ComponentResource {
  /** The Secrets by namespace, for `dependsOn`. */
  readonly secrets: Record<string, k8s.core.v1.Secret>;

  constructor(name: string, args: DataHandoffArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:database:DataHandoff", name, {}, opts);
    const data = pulumi.secret(
      pulumi
        .all([args.writerUrl, args.readerUrl, args.redisUrl, args.amqpUrl])
        .apply(([w, r, redis, amqp]) => ({
          [DATA_SECRET_KEYS.writerUrl]: w,
          [DATA_SECRET_KEYS.readerUrl]: r,
          [DATA_SECRET_KEYS.redisUrl]: redis,
          [DATA_SECRET_KEYS.amqpUrl]: amqp,
        })),
    );
    this.secrets = Object.fromEntries(
      args.namespaces.map((ns) => [
        ns,
        new k8s.core.v1.Secret(
          `${name}-${ns}`,
          {
            metadata: {
              name: DATA_SECRET_NAME,
              namespace: ns,
              labels: { [PART_OF_LABEL]: DATA_TIER_PART_OF },
            },
            type: "Opaque",
            stringData: data,
          },
          { parent: this },
        ),
      ]),
    );
    this.registerOutputs({ namespaces: args.namespaces });
  }
}
