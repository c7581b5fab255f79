/**
 * The Pod Security Standards' `restricted` profile as a check over a pod spec (plain objects, as
 * the manifests build them): what the API server's admission would refuse in a namespace that
 * enforces it. Used by the tests over everything the platform runs in its restricted namespaces.
 */

type Obj = Record<string, unknown>;

const ALLOWED_VOLUMES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];
const get = (o: unknown, k: string): unknown =>
  o && typeof o === "object" ? (o as Obj)[k] : undefined;

/** Why the pod would be refused under `restricted`; empty when it complies. */
export function restrictedProblems(pod: Obj): string[] {
  const problems: string[] = [];
  for (const host of ["hostNetwork", "hostPID", "hostIPC"])
    if (pod[host] === true) problems.push(`${host} is true`);
  for (const v of (pod.volumes as Obj[] | undefined) ?? []) {
    const type = Object.keys(v).find((k) => k !== "name");
    if (type !== undefined && !ALLOWED_VOLUMES.includes(type))
      problems.push(`volume ${String(v.name)} is a ${type} volume`);
  }
  const podCtx = (pod.securityContext as Obj | undefined) ?? {};
  const containers = [
    ...((pod.containers as Obj[] | undefined) ?? []),
    ...((pod.initContainers as Obj[] | undefined) ?? []),
  ];
  for (const c of containers) {
    const ctx = (c.securityContext as Obj | undefined) ?? {};
    const what = `container ${String(c.name)}`;
    if (ctx.privileged === true) problems.push(`${what} is privileged`);
    if (ctx.allowPrivilegeEscalation !== false)
      problems.push(`${what} does not set allowPrivilegeEscalation: false`);
    const caps = (ctx.capabilities as Obj | undefined) ?? {};
    if (!((caps.drop as string[] | undefined) ?? []).includes("ALL"))
      problems.push(`${what} does not drop ALL capabilities`);
    const added = ((caps.add as string[] | undefined) ?? []).filter(
      (x) => x !== "NET_BIND_SERVICE",
    );
    if (added.length > 0) problems.push(`${what} adds capabilities ${added.join(", ")}`);
    const nonRoot = ctx.runAsNonRoot ?? podCtx.runAsNonRoot;
    if (nonRoot !== true) problems.push(`${what} does not run as non-root (runAsNonRoot)`);
    if ((ctx.runAsUser ?? podCtx.runAsUser) === 0) problems.push(`${what} runs as UID 0`);
    const seccomp = get(ctx.seccompProfile, "type") ?? get(podCtx.seccompProfile, "type");
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost")
      problems.push(`${what} has no RuntimeDefault or Localhost seccomp profile`);
    for (const p of (c.ports as Obj[] | undefined) ?? [])
      if (p.hostPort !== undefined && p.hostPort !== 0)
        problems.push(`${what} uses hostPort ${String(p.hostPort)}`);
  }
  return problems;
}

/** The pod template of a workload manifest (Deployment, StatefulSet, DaemonSet, Job, CronJob). */
export function podSpecOf(manifest: Obj): Obj | undefined {
  const spec = manifest.spec as Obj | undefined;
  return (
    (get(get(spec, "template"), "spec") as Obj | undefined) ??
    (get(get(get(get(spec, "jobTemplate"), "spec"), "template"), "spec") as Obj | undefined)
  );
}
