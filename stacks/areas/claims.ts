import { ClaimsLedger, startClaimsLedger } from "../../components/shared/claims";
import type { Area } from "./area";

/**
 * Ownership: no two resources may claim one Kubernetes object (directly, through a Helm chart or
 * an EKS add-on) or one explicit AWS name. Listed first, its ledger starts before the target is
 * built and sees every resource of every area; a second claimant fails the program at
 * registration, naming both (see `model/claims`).
 */
export const claimsArea: Area<object, ClaimsLedger, ClaimsLedger> = {
  prepare: (env) => startClaimsLedger(env.aws.region),
  build: (_ctx, ledger) => ledger,
  outputs: () => ({}),
};
