import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** What {@link postgresCredentialsSecret} stores. */
export interface PostgresCredentialsSecretArgs {
  /** Secret description, shown in the console. Required. */
  description: string;
  /** KMS key of the secret. Required. */
  kmsKeyArn: pulumi.Input<string>;
  /** A 30-day recovery window instead of immediate deletion. Required. */
  protect: boolean;
  host: pulumi.Input<string>;
  port: number;
  databaseName: string;
  username: string;
  /** Secret. */
  password: pulumi.Input<string>;
}

/**
 * A Secrets Manager secret `<name>` and its value `<name>-value`, in the JSON shape RDS and its
 * tools use for database credentials (`engine`, `host`, `port`, `dbname`, `username`, `password`).
 */
export function postgresCredentialsSecret(
  name: string,
  args: PostgresCredentialsSecretArgs,
  opts: pulumi.CustomResourceOptions,
): aws.secretsmanager.Secret {
  const secret = new aws.secretsmanager.Secret(
    name,
    {
      description: args.description,
      kmsKeyId: args.kmsKeyArn,
      recoveryWindowInDays: args.protect ? 30 : 0,
    },
    opts,
  );
  new aws.secretsmanager.SecretVersion(
    `${name}-value`,
    {
      secretId: secret.id,
      secretString: pulumi.secret(
        pulumi.all([args.password, args.host]).apply(([password, host]) =>
          JSON.stringify({
            engine: "postgres",
            host,
            port: args.port,
            dbname: args.databaseName,
            username: args.username,
            password,
          }),
        ),
      ),
    },
    opts,
  );
  return secret;
}
