/**
 * Engine events as the portal stores and streams them: typed by the one payload key each event
 * has, with anything that could carry a secret value masked. The engine already prints secrets
 * as "[secret]"; this is a second line of defence for values that arrive still marked secret,
 * and it drops the config values of the prelude, which the portal has no reason to expose.
 */
import type { EngineEvent, OutputMap } from "@pulumi/pulumi/automation";
import type { Violation } from "./store";

/** The signature key Pulumi uses to mark a secret value in serialized state and events. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  if (SECRET_SIG in obj) return "[secret]";
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, mask(v)]));
}

/** The event's kind (e.g. "resourcePreEvent") and its payload, secrets masked. */
export function redactEvent(event: EngineEvent): { type: string; data: unknown } {
  const type = Object.keys(event).find((k) => k !== "sequence" && k !== "timestamp") ?? "unknown";
  let payload = (event as unknown as Record<string, unknown>)[type];
  if (type === "preludeEvent") {
    const config = (payload as { config?: Record<string, string> }).config ?? {};
    payload = { configKeys: Object.keys(config).sort() };
  }
  return { type, data: { timestamp: event.timestamp, ...(mask(payload) as object) } };
}

/** The policy violation an event reports, if it is one. */
export function violationOf(event: EngineEvent): Violation | undefined {
  const p = event.policyEvent;
  if (!p) return undefined;
  return {
    policyPack: p.policyPackName,
    policy: p.policyName,
    enforcementLevel: p.enforcementLevel,
    message: p.message.trim(),
    ...(p.resourceUrn ? { urn: p.resourceUrn } : {}),
  };
}

/** Stack outputs with secret values replaced by "[secret]". */
export function redactOutputs(outputs: OutputMap): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([k, o]) => [k, o.secret ? "[secret]" : o.value]),
  );
}
