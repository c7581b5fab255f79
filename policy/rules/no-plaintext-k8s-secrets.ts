import { at, label, T } from "../lib/read";
import { Rule, schema } from "../lib/types";

/** Environment variable names that hold credentials. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|CREDENTIALS?)$/i;
/** A URL with a password in it (`scheme://user:password@host`). */
const CREDENTIAL_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i;

const WORKLOADS = new Set<string>([
  T.deployment,
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
]);

function containersOf(props: Record<string, unknown>): Array<Record<string, unknown>> {
  const pod = at(props, "spec.template.spec") ?? at(props, "spec.jobTemplate.spec.template.spec");
  return [
    ...((at(pod, "containers") as never[]) ?? []),
    ...((at(pod, "initContainers") as never[]) ?? []),
  ];
}

export const noPlaintextK8sSecrets: Rule = {
  name: "no-plaintext-k8s-secrets",
  description:
    "Checks whether Kubernetes manifests carry no plaintext credentials: credential-named environment variables come from Secrets, and no env value or ConfigMap holds a URL with a password.",
  configSchema: schema({}),
  validateResource: (args, report) => {
    const what = label(args);
    if (WORKLOADS.has(args.type)) {
      for (const c of containersOf(args.props)) {
        for (const e of (c.env as Array<{ name: string; value?: unknown }> | undefined) ?? []) {
          if (typeof e.value !== "string" || e.value === "") continue;
          if (CREDENTIAL_URL.test(e.value))
            report(
              `${what}: container ${c.name} env ${e.name} holds a URL with a password in plain text; use valueFrom.secretKeyRef`,
            );
          else if (SECRET_NAME.test(e.name))
            report(
              `${what}: container ${c.name} env ${e.name} looks like a credential but is a literal value; use valueFrom.secretKeyRef`,
            );
        }
      }
    }
    if (args.type === T.configMap) {
      for (const [k, v] of Object.entries(
        (at(args.props, "data") as Record<string, unknown>) ?? {},
      )) {
        if (typeof v === "string" && CREDENTIAL_URL.test(v))
          report(`${what}: data.${k} holds a URL with a password; credentials belong in a Secret`);
      }
    }
  },
};
