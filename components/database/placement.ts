/**
 * Where the PostgreSQL instances go, zone by zone. Pure, so tests and the plan can read it.
 *
 * A single-AZ primary is placed in the first zone and its replicas only in the others. A Multi-AZ
 * primary cannot be given a zone (RDS refuses `AvailabilityZone` with `MultiAZ`): it and its
 * standby get a subnet group of exactly two zones, and either may be the primary after a
 * failover, so replicas go first to the zones outside that pair, then spread over the pair.
 */
export interface DatabasePlacement {
  /** The primary's zone; undefined for Multi-AZ, which RDS places within {@link primaryZones}. */
  primaryZone?: string;
  /** Zones of the primary's subnet group: its zone, or the Multi-AZ pair. */
  primaryZones: string[];
  /** One zone per read replica, in order. */
  replicaZones: string[];
}

/**
 * @param zones the environment's zones, in order (at least two).
 * @param multiAz whether the primary has a Multi-AZ standby.
 * @param replicas read replicas.
 * @throws RangeError with fewer than two zones: neither a standby nor a replica would be in another zone.
 */
export function databasePlacement(
  zones: readonly string[],
  multiAz: boolean,
  replicas: number,
): DatabasePlacement {
  if (zones.length < 2)
    throw new RangeError(
      `database placement needs at least two zones, got ${zones.length}; a standby or replica must be in another zone than the primary`,
    );
  const primaryZones = multiAz ? zones.slice(0, 2) : zones.slice(0, 1);
  const outside = zones.filter((z) => !primaryZones.includes(z));
  // A single-AZ primary's zone is never used for a replica; a Multi-AZ pair's zones are used last.
  const order = multiAz ? [...outside, ...[...primaryZones].reverse()] : outside;
  return {
    ...(multiAz ? {} : { primaryZone: zones[0] }),
    primaryZones,
    replicaZones: Array.from({ length: replicas }, (_, i) => order[i % order.length]),
  };
}
