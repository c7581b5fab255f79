/**
 * What a set of NetworkPolicies lets through, by the Kubernetes rules: a connection from A to B
 * on a port passes when A's egress and B's ingress both allow it; a pod no policy of a direction
 * selects is open in that direction; peers match pods by namespace and pod labels, or addresses
 * by CIDR. Used by the tests to state rules as reachability ("apps reach PgBouncer on 6432;
 * monitoring does not"), and by anyone reading what the plan means.
 */
import { parseCidr } from "../network/cidr";
import type { Peer, PlannedPolicy, PortRule, Selector } from "./plan";

/** A pod (its namespace and labels) or an address outside the pod network. */
export type Endpoint = { namespace: string; labels?: Record<string, string> } | { ip: string };

function selects(sel: Selector | undefined, labels: Record<string, string>): boolean {
  if (sel === undefined) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "In" && !(has && (e.values ?? []).includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && (e.values ?? []).includes(labels[e.key])) return false;
  }
  return true;
}

function ipValue(ip: string): number {
  return ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const c = parseCidr(cidr);
  const size = 2 ** (32 - c.prefix);
  const v = ipValue(ip);
  return v >= c.base && v < c.base + size;
}

/** Whether `peer`, written in a policy of namespace `own`, matches `e`. */
function peerMatches(peer: Peer, own: string, e: Endpoint): boolean {
  if ("ipBlock" in peer) {
    if (!("ip" in e)) return false;
    return (
      inCidr(e.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((x) => inCidr(e.ip, x))
    );
  }
  if ("ip" in e) return false;
  const nsLabels = { "kubernetes.io/metadata.name": e.namespace };
  const nsOk =
    peer.namespaceSelector === undefined
      ? e.namespace === own
      : selects(peer.namespaceSelector, nsLabels);
  return nsOk && selects(peer.podSelector, e.labels ?? {});
}

function portMatches(ports: PortRule[] | undefined, port: PortRule): boolean {
  return (
    ports === undefined ||
    ports.length === 0 ||
    ports.some((p) => p.port === port.port && p.protocol === port.protocol)
  );
}

/** Whether the policies let `from` open a connection to `to` on `port`. */
export function reachable(
  policies: PlannedPolicy[],
  from: Endpoint,
  to: Endpoint,
  port: PortRule,
): boolean {
  const egressOk = (() => {
    if ("ip" in from) return true;
    const mine = policies.filter(
      (p) =>
        p.namespace === from.namespace &&
        p.spec.policyTypes.includes("Egress") &&
        selects(p.spec.podSelector, from.labels ?? {}),
    );
    if (mine.length === 0) return true;
    return mine.some((p) =>
      (p.spec.egress ?? []).some(
        (r) =>
          portMatches(r.ports, port) &&
          (r.to === undefined || r.to.some((peer) => peerMatches(peer, p.namespace, to))),
      ),
    );
  })();
  const ingressOk = (() => {
    if ("ip" in to) return true;
    const theirs = policies.filter(
      (p) =>
        p.namespace === to.namespace &&
        p.spec.policyTypes.includes("Ingress") &&
        selects(p.spec.podSelector, to.labels ?? {}),
    );
    if (theirs.length === 0) return true;
    return theirs.some((p) =>
      (p.spec.ingress ?? []).some(
        (r) =>
          portMatches(r.ports, port) &&
          (r.from === undefined || r.from.some((peer) => peerMatches(peer, p.namespace, from))),
      ),
    );
  })();
  return egressOk && ingressOk;
}
