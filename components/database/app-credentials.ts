import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { postgresCredentialsSecret } from "./credentials-secret";

/** Arguments of {@link AppCredentials}. */
export interface AppCredentialsArgs {
  /** Prefix of AWS identifiers, e.g. `platform-prod`. Required. */
  identifier: string;
  /** The application role's name (`platform:database.appUsername`). Required. */
  username: string;
  /** Database host and name, stored beside the password for tools that read the secret. Required. */
  host: pulumi.Input<string>;
  port: number;
  databaseName: string;
  /** KMS key of the secret. Required. */
  kmsKeyArn: pulumi.Input<string>;
  /** A 30-day recovery window on the secret instead of immediate deletion. Required. */
  protect: boolean;
}

/**
 * The password of the role workloads log in as, generated here and kept in its own Secrets
 * Manager secret (apart from the master credentials, so access to one does not grant the other).
 * The role itself is created in the database by the migration Job, from a SCRAM verifier.
 */
export class AppCredentials extends pulumi.ComponentResource {
  readonly username: string;
  /** Secret. */
  readonly password: pulumi.Output<string>;
  readonly secretArn: pulumi.Output<string>;

  constructor(name: string, args: AppCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:database:AppCredentials", name, {}, opts);
    const parent = { parent: this };
    // Alphanumeric only: it ends up in URLs and PgBouncer's userlist without escaping.
    const generated = new random.RandomPassword(
      `${name}-password`,
      { length: 40, special: false },
      parent,
    );
    this.username = args.username;
    this.password = pulumi.secret(generated.result);
    const secret = postgresCredentialsSecret(
      `${name}-secret`,
      {
        description: `Credentials of ${args.username}, the application role of ${args.identifier}-pg`,
        kmsKeyArn: args.kmsKeyArn,
        protect: args.protect,
        host: args.host,
        port: args.port,
        databaseName: args.databaseName,
        username: args.username,
        password: this.password,
      },
      parent,
    );
    this.secretArn = secret.arn;
    this.registerOutputs({ username: this.username, secretArn: this.secretArn });
  }
}
