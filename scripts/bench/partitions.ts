/**
 * Benchmark: one run of the partition maintenance function on a table of 1.2 million rows over
 * 24 months, on a real local PostgreSQL 17. The run archives 9 old partitions, creates 3 new
 * ones and moves 5,000 early-arriving rows out of the default partition.
 * Run directly with `npx ts-node scripts/bench/partitions.ts`; `npm run bench` calls the export.
 */
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import {
  maintenanceCallSql,
  partitionMigrationSql,
  PartitionedTableArgs,
  partitionsForWindowSql,
  resolvePartitionedTable,
} from "../../components/database/partitions";
import { startPostgres } from "../servers";

const LOADED_ROWS = 1_200_000;
const DEFAULT_ROWS = 5_000;
const MONTHS = 24;

const events: PartitionedTableArgs = {
  table: "events",
  timeColumn: "created_at",
  columns: [
    { name: "id", type: "bigint" },
    { name: "created_at", type: "timestamptz" },
    { name: "payload", type: "text" },
  ],
  primaryKey: ["id", "created_at"],
  premakeMonths: 3,
  retainMonths: 18,
};

async function rowsIncludingArchive(client: Client): Promise<number> {
  const { rows } = await client.query(
    "SELECT c.oid::regclass::text AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'archive' AND c.relkind = 'r'",
  );
  let total = Number((await client.query("SELECT count(*) AS n FROM public.events")).rows[0].n);
  for (const { t } of rows)
    total += Number((await client.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  return total;
}

/**
 * Loads 1,205,000 rows (24 months, 2023-01 to 2024-12, plus 5,000 rows for 2025-05 that wait in
 * the default partition), then times one maintenance run at reference 2025-03-10 that archives
 * 2023-01..2023-09, creates 2025-04..2025-06 and moves the waiting rows.
 *
 * @returns rows in the table, months loaded and the wall-clock time of the maintenance call.
 * @throws Error if the run loses or duplicates a row, or does not do the expected work.
 */
export async function benchPartitionMaintenance(): Promise<{
  rows: number;
  months: number;
  maintenanceMs: number;
}> {
  const pg = await startPostgres({
    settings: { shared_buffers: "512MB", max_wal_size: "8GB", maintenance_work_mem: "256MB" },
  });
  const client = new Client(pg.connection());
  await client.connect();
  try {
    await client.query(
      partitionMigrationSql([events], { reference: new Date("2024-12-15T00:00:00Z") }),
    );
    await client.query(
      partitionsForWindowSql(resolvePartitionedTable(events), {
        from: "2023-01",
        months: MONTHS - 1,
      }),
    );
    await client.query(
      `INSERT INTO events (id, created_at, payload)
       SELECT g, '2023-01-01 00:00:00+00'::timestamptz + (g::double precision / ${LOADED_ROWS}) * interval '731 days', md5(g::text)
         FROM generate_series(0, ${LOADED_ROWS - 1}) AS g`,
    );
    await client.query(
      `INSERT INTO events (id, created_at, payload)
       SELECT ${LOADED_ROWS} + g, '2025-05-01 00:00:00+00'::timestamptz + g * interval '1 minute', 'early'
         FROM generate_series(0, ${DEFAULT_ROWS - 1}) AS g`,
    );
    await client.query("VACUUM ANALYZE events");
    const before = await rowsIncludingArchive(client);

    const call = maintenanceCallSql(resolvePartitionedTable(events), {
      reference: new Date("2025-03-10T00:00:00Z"),
    });
    const started = performance.now();
    const { rows: changes } = await client.query(call);
    const maintenanceMs = performance.now() - started;

    const after = await rowsIncludingArchive(client);
    if (after !== before || before !== LOADED_ROWS + DEFAULT_ROWS) {
      throw new Error(
        `partition maintenance changed the row count: ${before} before, ${after} after (expected ${LOADED_ROWS + DEFAULT_ROWS})`,
      );
    }
    const count = (action: string) => changes.filter((c) => c.action === action).length;
    if (
      count("archived") !== 9 ||
      count("created") + count("created_from_default") !== 3 ||
      count("created_from_default") !== 1
    ) {
      throw new Error(`partition maintenance did unexpected work: ${JSON.stringify(changes)}`);
    }
    return { rows: before, months: MONTHS, maintenanceMs: Math.round(maintenanceMs * 10) / 10 };
  } finally {
    await client.end();
    await pg.stop();
  }
}

if (require.main === module) {
  benchPartitionMaintenance().then(
    (result) => console.log(JSON.stringify(result)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
