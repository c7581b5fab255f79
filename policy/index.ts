/**
 * The platform's CrossGuard pack. Every rule is advisory here; `config/<env>.json`
 * (`--policy-pack-config`) sets their bounds per environment and makes them mandatory in prod.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { enforcementLevel: "advisory", policies });
