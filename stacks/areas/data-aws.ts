import * as pulumi from "@pulumi/pulumi";
import { redisParameterGroup } from "../../components/cache/redis-parameters";
import { Redis } from "../../components/cache/redis";
import { AppCredentials } from "../../components/database/app-credentials";
import { DataKey } from "../../components/database/kms";
import { Postgres } from "../../components/database/postgres";
import { DatabaseSleep } from "../../components/database/sleep";
import { RabbitMq } from "../../components/queue";
import {
  DECLARED_DATASET_TAG,
  DECLARED_QPS_TAG,
  datasetAtHorizonGb,
  qpsTag,
} from "../../model/capacity";
import type { Environment } from "../schema";
import type { Foundation } from "./foundation";
import type { DataEndpoints } from "./target";

/** The AWS data services of a cloud environment, and the identifiers monitoring alarms on. */
export interface DataServices {
  postgres: Postgres;
  /** The application role's generated password and its Secrets Manager secret. */
  postgresApp: AppCredentials;
  redis: Redis;
  rabbitmq: RabbitMq;
  /** Identifiers for CloudWatch alarms. */
  monitoring: {
    /** RDS instance identifiers: the primary first, then the replicas. */
    rdsInstanceIds: pulumi.Output<string>[];
    rdsPrimaryId: pulumi.Output<string>;
    rdsReplicaIds: pulumi.Output<string>[];
    /** ElastiCache replication group id (CloudWatch dimension `ReplicationGroupId`). */
    cacheReplicationGroupId: pulumi.Output<string>;
    cacheClusterMode: boolean;
    /** Amazon MQ broker name (dimension `Broker`). */
    brokerName: pulumi.Output<string>;
  };
  /** Where they are, for the in-cluster half of the data tier. */
  endpoints: DataEndpoints;
}

/**
 * RDS PostgreSQL, ElastiCache Redis and Amazon MQ in the data subnets, each reachable only from
 * the cluster's security group and encrypted with the data KMS key.
 */
export function buildDataServices(env: Environment, foundation: Foundation): DataServices {
  const identifier = foundation.clusterName;
  const network = foundation.network;
  const clientSecurityGroupId = foundation.cluster.clusterSecurityGroupId;
  const key = new DataKey(
    "data-key",
    { identifier, protect: env.database.protect },
    foundation.opts,
  );

  const db = env.database;
  const postgres = new Postgres(
    "postgres",
    {
      ...db,
      identifier,
      primaryTags: env.load?.database && { [DECLARED_QPS_TAG]: qpsTag(env.load.database) },
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      zones: env.zones,
      clientSecurityGroupId,
      kmsKeyArn: key.arn,
      backupCopy:
        env.aws.backupRegion === undefined
          ? undefined
          : { region: env.aws.backupRegion, retentionDays: db.backupCopyRetentionDays },
    },
    foundation.opts,
  );
  const hours = env.offHours;
  if (hours?.stopDatabase) {
    new DatabaseSleep(
      "postgres-sleep",
      {
        ...hours,
        wakeLeadMinutes: hours.databaseWakeLeadMinutes,
        instances: [{ identifier: postgres.primaryIdentifier, arn: postgres.primaryArn }],
      },
      foundation.opts,
    );
  }
  const app = new AppCredentials(
    "postgres-app",
    {
      identifier,
      username: db.appUsername,
      host: postgres.endpoints.writerHost,
      port: postgres.endpoints.port,
      databaseName: db.databaseName,
      kmsKeyArn: key.arn,
      protect: db.protect,
    },
    foundation.opts,
  );
  const params = redisParameterGroup(env.cache, "platform:cache");
  const redis = new Redis(
    "redis",
    {
      ...env.cache,
      identifier,
      groupTags: env.load?.cache && {
        [DECLARED_DATASET_TAG]: String(
          datasetAtHorizonGb(env.load.cache, env.planning.horizonMonths),
        ),
      },
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      clientSecurityGroupId,
      kmsKeyArn: key.arn,
      parameterFamily: params.family,
      parameters: Object.fromEntries(params.parameters.map((p) => [p.name, p.value])),
    },
    foundation.opts,
  );
  const rabbitmq = new RabbitMq(
    "rabbitmq",
    {
      ...env.queue,
      identifier,
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      clientSecurityGroupId,
    },
    foundation.opts,
  );

  const endpoints: DataEndpoints = {
    postgres: {
      writerHost: postgres.endpoints.writerHost,
      readerHosts: postgres.endpoints.readerHosts,
      port: postgres.endpoints.port,
      database: postgres.endpoints.databaseName,
      username: postgres.endpoints.username,
      password: postgres.endpoints.password,
      app: { username: app.username, password: app.password },
    },
    redis: { host: redis.endpoint, port: redis.port, authToken: redis.authToken },
    amqp: {
      endpoint: rabbitmq.amqpsEndpoint,
      username: rabbitmq.username,
      password: rabbitmq.password,
    },
  };
  return {
    postgres,
    postgresApp: app,
    redis,
    rabbitmq,
    monitoring: {
      rdsInstanceIds: [postgres.primaryIdentifier, ...postgres.replicaIdentifiers],
      rdsPrimaryId: postgres.primaryIdentifier,
      rdsReplicaIds: postgres.replicaIdentifiers,
      cacheReplicationGroupId: redis.replicationGroupId,
      cacheClusterMode: env.cache.clusterMode,
      brokerName: rabbitmq.brokerName,
    },
    endpoints,
  };
}

/** Stack outputs of the AWS data services: endpoints and identifiers, never credentials. */
export function dataServiceOutputs(d: DataServices) {
  return {
    databaseWriterEndpoint: d.postgres.endpoints.writerHost,
    databaseReaderEndpoints: d.postgres.endpoints.readerHosts,
    databaseCredentialsSecretArn: d.postgres.credentialsSecretArn,
    databaseAppCredentialsSecretArn: d.postgresApp.secretArn,
    redisEndpoint: d.redis.endpoint,
    amqpsEndpoint: d.rabbitmq.amqpsEndpoint,
  };
}
