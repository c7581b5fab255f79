/**
 * The support calendar: when each Kubernetes minor version is supported on EKS (standard and
 * extended support), and when each chart and image the platform pins was released, with the
 * Kubernetes minors it supports and the end of support its project documents. Every row cites
 * where its dates come from. The pins themselves live in the environment schema's defaults
 * (`stacks/schema/`); a test requires every pin to have a row here that is still supported on
 * the day the tests run, so a stale version is caught by CI rather than by the bill. The cost
 * model prices EKS extended support from {@link EKS_KUBERNETES_VERSIONS}.
 */

/** One Kubernetes minor version on EKS. Dates are ISO days in UTC, as AWS publishes them. */
export interface EksKubernetesVersion {
  /** Minor version, e.g. `1.36`. */
  minor: string;
  /** Upstream (kubernetes.io) release day, when sourced. */
  upstreamRelease?: string;
  /** First day the version could be created on EKS. */
  eksRelease: string;
  /** Extended support (6x the control-plane price) is billed from this day on. */
  standardSupportEnd: string;
  /** From this day EKS upgrades the control plane itself; new clusters cannot use the version. */
  extendedSupportEnd: string;
  /** Where the dates come from. */
  source: string;
}

const EKS_CALENDAR =
  "AWS EKS user guide, Kubernetes release calendar (awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc)";
const EOL_DATE =
  "endoflife.date products/amazon-eks.md (scraped from the EKS release calendar; commit a70eca33, 2026-08-22)";

/** EKS's Kubernetes calendar, newest first. */
export const EKS_KUBERNETES_VERSIONS: readonly EksKubernetesVersion[] = Object.freeze([
  {
    minor: "1.36",
    upstreamRelease: "2026-04-22",
    eksRelease: "2026-06-02",
    standardSupportEnd: "2027-08-02",
    extendedSupportEnd: "2028-08-02",
    source: `${EOL_DATE}, added in endoflife-date/endoflife.date#10240 (commit 4c9568cb, 2026-06-05) from https://aws.amazon.com/about-aws/whats-new/2026/06/amazon-eks-distro-kubernetes-version-1-36/; upstream day: https://kubernetes.io/blog/2026/04/22/kubernetes-v1-36-release/`,
  },
  {
    minor: "1.35",
    eksRelease: "2026-01-28",
    standardSupportEnd: "2027-03-27",
    extendedSupportEnd: "2028-03-27",
    source: `${EOL_DATE}; https://aws.amazon.com/about-aws/whats-new/2026/01/amazon-eks-distro-kubernetes-version-1-35/`,
  },
  {
    minor: "1.34",
    upstreamRelease: "2025-08-27",
    eksRelease: "2025-10-06",
    standardSupportEnd: "2026-12-02",
    extendedSupportEnd: "2027-12-02",
    source: `${EOL_DATE}; https://aws.amazon.com/about-aws/whats-new/2025/10/amazon-eks-distro-kubernetes-version-1-34/`,
  },
  {
    minor: "1.33",
    upstreamRelease: "2025-04-23",
    eksRelease: "2025-05-29",
    standardSupportEnd: "2026-07-29",
    extendedSupportEnd: "2027-07-29",
    source: `${EKS_CALENDAR}, commit 8596db85`,
  },
  {
    minor: "1.32",
    upstreamRelease: "2024-12-11",
    eksRelease: "2025-01-23",
    standardSupportEnd: "2026-03-23",
    extendedSupportEnd: "2027-03-23",
    source: `${EKS_CALENDAR}, commit 8596db85`,
  },
  {
    minor: "1.31",
    upstreamRelease: "2024-08-13",
    eksRelease: "2024-09-26",
    standardSupportEnd: "2025-11-26",
    extendedSupportEnd: "2026-11-26",
    source: `${EKS_CALENDAR}, commit 8596db85`,
  },
  {
    minor: "1.30",
    upstreamRelease: "2024-04-17",
    eksRelease: "2024-05-23",
    standardSupportEnd: "2025-07-23",
    extendedSupportEnd: "2026-07-23",
    source: `${EKS_CALENDAR}, commit 8596db85`,
  },
]);

/** Where a Kubernetes minor stands on a given day. */
export type KubernetesSupportStatus = "unreleased" | "standard" | "extended" | "ended" | "unknown";

/** The status of `minor` on EKS on `today` (an ISO day, `YYYY-MM-DD`). */
export function kubernetesSupport(
  minor: string,
  today: string,
): { status: KubernetesSupportStatus; version?: EksKubernetesVersion } {
  const version = EKS_KUBERNETES_VERSIONS.find((v) => v.minor === minor);
  if (version === undefined) return { status: "unknown" };
  if (today < version.eksRelease) return { status: "unreleased", version };
  if (today < version.standardSupportEnd) return { status: "standard", version };
  if (today < version.extendedSupportEnd) return { status: "extended", version };
  return { status: "ended", version };
}

/** The minors EKS offers for new clusters on `today` (standard or extended support), newest first. */
export function creatableKubernetesVersions(today: string): string[] {
  return EKS_KUBERNETES_VERSIONS.filter((v) =>
    ["standard", "extended"].includes(kubernetesSupport(v.minor, today).status),
  ).map((v) => v.minor);
}

/** Today as an ISO day in UTC. */
export function isoDay(date: Date = new Date()): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A pin with no end of support documented by its project is stale this many days after its
 * release: the platform's own rule, so every pin is revisited at least once a year.
 */
export const PIN_MAX_AGE_DAYS = 365;

/** What a pin is: a Helm chart (by name) or a container image (by repository). */
export type PinKind = "chart" | "image";

/** One pinned chart or image version. */
export interface PinnedRelease {
  kind: PinKind;
  /** Chart name, or image repository without tag (`ghcr.io/cloudnative-pg/pgbouncer`). */
  name: string;
  /** Exact chart version or image tag. */
  version: string;
  /** Release day of that version. */
  released: string;
  /** Kubernetes minors the project supports or tests this version on, inclusive. */
  kubernetes?: { min: string; max?: string };
  /** The day the project stops supporting this version, when it documents one. */
  endOfSupport?: string;
  /** Where the version, its date and its support come from. */
  source: string;
}

/** Every chart and image version the schema defaults pin. */
export const PINNED_RELEASES: readonly PinnedRelease[] = Object.freeze([
  {
    kind: "chart",
    name: "cluster-autoscaler",
    version: "9.59.0",
    released: "2026-07-21",
    kubernetes: { min: "1.36", max: "1.36" },
    source:
      "kubernetes/autoscaler tag cluster-autoscaler-chart-9.59.0 (commit 5a0b98e4); the image is set separately and its minor must match the cluster's",
  },
  {
    kind: "image",
    name: "registry.k8s.io/autoscaling/cluster-autoscaler",
    version: "v1.36.1",
    released: "2026-07-22",
    kubernetes: { min: "1.36", max: "1.36" },
    source: "kubernetes/autoscaler tag cluster-autoscaler-1.36.1 (commit 35e8a280)",
  },
  {
    kind: "chart",
    name: "aws-node-termination-handler",
    version: "0.27.6",
    released: "2026-04-02",
    kubernetes: { min: "1.16" },
    source:
      "aws/aws-node-termination-handler config/helm/aws-node-termination-handler/Chart.yaml at commit 77ca841 (v1.25.6 release prep); kubeVersion >= 1.16",
  },
  {
    kind: "chart",
    name: "cert-manager",
    version: "v1.21.1",
    released: "2026-07-29",
    kubernetes: { min: "1.33", max: "1.36" },
    source:
      "cert-manager/cert-manager tag v1.21.1; supported Kubernetes 1.33-1.36 and end of life at the release of 1.23 per cert-manager/website content/docs/releases/README.md (commit c17bb3c8)",
  },
  {
    kind: "chart",
    name: "keda",
    version: "2.21.1",
    released: "2026-11-16",
    kubernetes: { min: "1.34", max: "1.36" },
    source:
      "https://github.com/kedacore/charts/releases/tag/v2.21.1 (chart and app 2.21.1); tested on Kubernetes 1.34-1.36 per https://keda.sh/docs/2.22/operate/cluster/",
  },
  {
    kind: "chart",
    name: "aws-load-balancer-controller",
    version: "3.5.0",
    released: "2026-08-03",
    source:
      "kubernetes-sigs/aws-load-balancer-controller tag v3.5.0 (commit 11eb202c, helm/aws-load-balancer-controller chart and app 3.5.0, published to aws/eks-charts); the chart line went from 1.17.x to 3.x in 2026; IAM per docs/install/iam_policy.json at that tag, less Shield, WAF Classic, Cognito and Outposts",
  },
  {
    kind: "chart",
    name: "metrics-server",
    version: "3.13.1",
    released: "2026-06-11",
    kubernetes: { min: "1.31" },
    source:
      "kubernetes-sigs/metrics-server tag metrics-server-helm-chart-3.13.1 (app 0.8.1); 0.8.x supports Kubernetes 1.31+ per the README's compatibility matrix",
  },
  {
    kind: "chart",
    name: "prometheus-adapter",
    version: "5.3.0",
    released: "2026-02-19",
    source: "prometheus-community/helm-charts tag prometheus-adapter-5.3.0 (commit e6e041b6)",
  },
  {
    kind: "chart",
    name: "kube-prometheus-stack",
    version: "88.5.3",
    released: "2026-08-21",
    kubernetes: { min: "1.25" },
    source:
      "prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3 (commit ea930bae); kubeVersion >= 1.25; Alertmanager v0.34.0, Prometheus v3.14.0",
  },
  {
    kind: "chart",
    name: "prometheus-yet-another-cloudwatch-exporter",
    version: "0.47.0",
    released: "2026-07-03",
    source:
      "prometheus-community/helm-charts tag prometheus-yet-another-cloudwatch-exporter-0.47.0 (commit 4c55d569, app v0.67.0)",
  },
  {
    kind: "image",
    name: "ghcr.io/cloudnative-pg/pgbouncer",
    version: "1.25.2",
    released: "2026-05-11",
    source:
      "cloudnative-pg/pgbouncer-containers docker-bake.hcl at commit 332e403 (pgbouncer 1.25.2-1.pgdg13+1 on debian:trixie-slim, user 998); the tag is rebuilt on each base-image update, so it is pinned by tag",
  },
  {
    kind: "image",
    name: "prometheuscommunity/pgbouncer-exporter",
    version: "v0.12.1",
    released: "2026-06-26",
    source: "prometheus-community/pgbouncer_exporter tag v0.12.1",
  },
  {
    kind: "image",
    name: "prometheuscommunity/postgres-exporter",
    version: "v0.20.1",
    released: "2026-07-07",
    source:
      "prometheus-community/postgres_exporter tag v0.20.1 (commit 867fbcac; CHANGELOG '0.20.1 / 2026-07-07'); image prometheuscommunity/postgres-exporter per its Makefile (DOCKER_REPO, DOCKER_IMAGE_NAME), user nobody",
  },
  {
    kind: "image",
    name: "curlimages/curl",
    version: "8.21.0",
    released: "2026-06-24",
    source: "curl/curl-container tag 8.21.0",
  },
  {
    kind: "image",
    name: "fortio/fortio",
    version: "1.75.3",
    released: "2026-08-29",
    source:
      "Go module proxy fortio.org/fortio/@v/v1.75.3.info (Time 2026-08-29); the project's release workflow publishes the fortio/fortio image under the same tag (Apache-2.0); the load generator of the in-cluster load tests",
  },
  {
    kind: "image",
    name: "registry.k8s.io/pause",
    version: "3.10.2",
    released: "2026-04-22",
    source:
      "kubeadm's pause for Kubernetes 1.36 (released 2026-04-22), per kubeclipper/kubeclipper#947 and RKE2 v1.36 image lists; dated by the Kubernetes release",
  },
  ...(
    [
      ["18", "18.6-alpine3.24"],
      ["17", "17.11-alpine3.24"],
      ["16", "16.15-alpine3.24"],
      ["15", "15.19-alpine3.24"],
      ["14", "14.24-alpine3.24"],
    ] as const
  ).map(([, tag]): PinnedRelease => ({
    kind: "image",
    name: "postgres",
    version: tag,
    released: "2026-08-13",
    source:
      "docker-library/official-images library/postgres at commit 62e3678b (2026-08-13, 'Update postgres')",
  })),
]);

/** The exact `postgres` image (for `psql`) of a PostgreSQL major version, from the calendar. */
export function postgresClientImage(major: string): string {
  const row = PINNED_RELEASES.find(
    (r) => r.kind === "image" && r.name === "postgres" && r.version.startsWith(`${major}.`),
  );
  if (row === undefined)
    throw new RangeError(
      `no pinned postgres image for PostgreSQL ${major}; add one to model/catalog/support.ts`,
    );
  return `postgres:${row.version}`;
}

/** Splits an image reference into repository, tag and digest (`repo[:tag][@sha256:…]`). */
export function parseImageReference(ref: string): {
  repository: string;
  tag?: string;
  digest?: string;
} {
  const [beforeDigest, digest] = ref.split("@", 2);
  // A colon after the last slash separates the tag; one before it belongs to a registry port.
  const slash = beforeDigest.lastIndexOf("/");
  const colon = beforeDigest.lastIndexOf(":");
  const hasTag = colon > slash;
  return {
    repository: hasTag ? beforeDigest.slice(0, colon) : beforeDigest,
    ...(hasTag ? { tag: beforeDigest.slice(colon + 1) } : {}),
    ...(digest === undefined ? {} : { digest }),
  };
}

/**
 * Why an image reference is not pinned, or undefined when it is: a pinned reference names an
 * exact tag (never `latest`) or a `sha256` digest, so the same deploy always pulls the same image.
 */
export function imagePinProblem(ref: string): string | undefined {
  if (ref.trim() !== ref || ref === "" || /\s/.test(ref))
    return "must be an image reference without spaces";
  const { repository, tag, digest } = parseImageReference(ref);
  if (
    !/^[a-z0-9]([a-z0-9._/-]*[a-z0-9])?(:\d+)?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$/.test(
      repository,
    )
  )
    return `repository ${JSON.stringify(repository)} is not a valid image name`;
  if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest))
    return `digest ${JSON.stringify(digest)} must be sha256: followed by 64 hex digits`;
  if (tag === undefined && digest === undefined)
    return "has neither a tag nor a digest; pin an exact tag (repo:1.2.3) or a digest (repo@sha256:…)";
  if (tag !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))
    return `tag ${JSON.stringify(tag)} is not a valid image tag`;
  if (tag === "latest" && digest === undefined)
    return "uses the moving tag latest; pin an exact tag or a digest";
  return undefined;
}

/** Image sources that no longer serve what they once did; nothing may be pulled from them. */
export const WITHDRAWN_IMAGE_SOURCES: readonly {
  prefix: string;
  since: string;
  why: string;
  source: string;
}[] = Object.freeze([
  {
    prefix: "bitnami/",
    since: "2025-08-28",
    why: "Bitnami moved every versioned image from docker.io/bitnami to the unmaintained docker.io/bitnamilegacy",
    source: "https://github.com/bitnami/containers/issues/83267",
  },
  {
    prefix: "bitnamilegacy/",
    since: "2025-08-28",
    why: "the Bitnami Legacy repository receives no updates and is meant for temporary migration only",
    source: "https://github.com/bitnami/containers/issues/83267",
  },
]);

/** Why an image comes from a withdrawn source, or undefined when it does not. */
export function imageSourceProblem(ref: string): string | undefined {
  const repository = parseImageReference(ref).repository.replace(
    /^(docker\.io|index\.docker\.io)\//,
    "",
  );
  const w = WITHDRAWN_IMAGE_SOURCES.find((x) => repository.startsWith(x.prefix));
  return w === undefined
    ? undefined
    : `comes from ${w.prefix}: ${w.why} (${w.since}, ${w.source}); use a maintained image`;
}

/** Why a pin is not supported on `today`, or undefined when it is. */
export function pinProblem(pin: PinnedRelease, today: string): string | undefined {
  if (pin.endOfSupport !== undefined && today >= pin.endOfSupport)
    return `${pin.name} ${pin.version} left support on ${pin.endOfSupport} (${pin.source})`;
  const stale = new Date(Date.parse(pin.released) + PIN_MAX_AGE_DAYS * 86_400_000);
  if (pin.endOfSupport === undefined && today >= isoDay(stale))
    return `${pin.name} ${pin.version} was released on ${pin.released}, more than ${PIN_MAX_AGE_DAYS} days ago, and its project documents no end of support: move to a current release and record it here`;
  return undefined;
}

/** Compares Kubernetes minors (`1.9` < `1.10`). */
export function compareMinor(a: string, b: string): number {
  const [am, an] = a.split(".").map(Number);
  const [bm, bn] = b.split(".").map(Number);
  return am - bm || an - bn;
}

/** Whether a pin supports a Kubernetes minor (true when the project states no range). */
export function pinSupportsKubernetes(pin: PinnedRelease, minor: string): boolean {
  if (pin.kubernetes === undefined) return true;
  if (compareMinor(minor, pin.kubernetes.min) < 0) return false;
  return pin.kubernetes.max === undefined || compareMinor(minor, pin.kubernetes.max) <= 0;
}

/** The calendar row of a chart or image version, if there is one. */
export function pinnedRelease(
  kind: PinKind,
  name: string,
  version: string,
): PinnedRelease | undefined {
  return PINNED_RELEASES.find((r) => r.kind === kind && r.name === name && r.version === version);
}
