import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link DataKey}. */
export interface DataKeyArgs {
  /** Prefix of the alias, e.g. `platform-prod` gives `alias/platform-prod-data`. Required. */
  identifier: string;
  /** Pulumi `protect`: losing the key loses every snapshot encrypted with it. Required. */
  protect: boolean;
}

/**
 * The customer-managed KMS key of the data tier (RDS storage, Performance Insights, ElastiCache at
 * rest, the credentials secret), rotated yearly, with a 30-day deletion window.
 */
export class DataKey extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;

  constructor(name: string, args: DataKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:database:DataKey", name, {}, opts);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Data tier of ${args.identifier}: RDS, Performance Insights, ElastiCache, credentials`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      { parent: this, protect: args.protect },
    );
    new aws.kms.Alias(
      `${name}-alias`,
      { name: `alias/${args.identifier}-data`, targetKeyId: key.keyId },
      { parent: this },
    );
    this.arn = key.arn;
    this.keyId = key.keyId;
    this.registerOutputs({ arn: this.arn });
  }
}
