/**
 * `npm run bench`: speed and size figures that tests deliberately do not time. Each section
 * prints one line of JSON so results can be compared across commits.
 */
import { benchPlanWall, benchUnitSuite } from "./bench/feedback";
import { benchProgram } from "./bench/program";
import { benchPartitionMaintenance } from "./bench/partitions";
import { benchSimulator } from "./bench/simulator";
import { benchSpikeSideBySide } from "./bench/loadtest";
import { benchLocalStack } from "./engine/bench";
import { benchPortal } from "./bench/portal";
import { benchPlan } from "./lib/bench-plan";
import { printMutationScores } from "./mutation/scores";
import { benchProvingGround, benchSandbox } from "./proving-ground/bench";
import { awsEnvironments } from "../stacks/load";

async function main(): Promise<void> {
  // Fast feedback: `npm run plan` per environment as a fresh process (median of 3), then the unit suite.
  for (const environment of awsEnvironments())
    console.log(JSON.stringify({ bench: "plan-wall", ...benchPlanWall(environment) }));
  console.log(JSON.stringify({ bench: "unit-suite", ...benchUnitSuite() }));
  // Mutation score per folder from the last `npm run mutation` reports on disk (.cache/stryker/).
  printMutationScores();
  const prod = await benchProgram("prod");
  console.log(JSON.stringify({ bench: "program-under-mocks", ...prod }));
  // Real PostgreSQL 17 on loopback: one maintenance run over 1.2M rows in 24 monthly partitions.
  console.log(
    JSON.stringify({ bench: "partition-maintenance", ...(await benchPartitionMaintenance()) }),
  );
  // The HPA spike simulator: a 24 h diurnal trace at 15 s steps for 50 services, series kept.
  console.log(JSON.stringify({ bench: "simulator-24h-50-services", ...benchSimulator() }));
  // The render-only local stack through the real engine, offline: preview, up, no-op preview, destroy.
  console.log(JSON.stringify({ bench: "engine-local-stack", ...(await benchLocalStack()) }));
  // The offline plan of prod: program under mocks, then the policy pack and the cost model.
  console.log(JSON.stringify({ bench: "plan-prod", ...(await benchPlan("prod")) }));
  // The portal service: status/outputs latency under 50 clients; a preview through it vs the CLI.
  console.log(JSON.stringify({ bench: "portal", ...(await benchPortal()) }));
  // The proving ground: last (cold) build, cached ensure.sh, control-plane and full start and stop.
  console.log(JSON.stringify({ bench: "proving-ground", ...(await benchProvingGround()) }));
  // The sandbox stack on a fresh proving ground: up, up to every workload Ready, no-op up, destroy.
  console.log(JSON.stringify({ bench: "sandbox", ...(await benchSandbox()) }));
  // Prod's spike through the real HPA on the proving ground, beside the simulator's same run.
  console.log(JSON.stringify({ bench: "prod-spike", ...(await benchSpikeSideBySide()) }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
