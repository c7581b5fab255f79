/**
 * Static facts about the EC2 instance types the platform may use: size, architecture and
 * how many pods the VPC CNI can place on one (AWS `eni-max-pods.txt`, without prefix
 * delegation). Prices live in `model/pricing`, not here: one home per value.
 *
 * The table is deliberately small: a type that is not listed is rejected by the schema
 * with the list of known types, rather than guessed at.
 */
export interface InstanceTypeSpec {
  /** Virtual CPUs. */
  vcpu: number;
  /** Memory in GiB. */
  memoryGiB: number;
  /** CPU architecture; node groups never mix architectures because the AMI differs. */
  arch: "x86_64" | "arm64";
  /** Maximum pods per node with the VPC CNI in secondary-IP mode. */
  maxPods: number;
  /** Instance family, e.g. `m6i`. */
  family: string;
}

type Size = "medium" | "large" | "xlarge" | "2xlarge" | "4xlarge" | "8xlarge";

/** vCPU, memory GiB per vCPU ratio and ENI-limited max pods by size, per family class. */
const SIZES: Record<Size, { vcpu: number; maxPods: number }> = {
  medium: { vcpu: 2, maxPods: 17 },
  large: { vcpu: 2, maxPods: 29 },
  xlarge: { vcpu: 4, maxPods: 58 },
  "2xlarge": { vcpu: 8, maxPods: 58 },
  "4xlarge": { vcpu: 16, maxPods: 234 },
  "8xlarge": { vcpu: 32, maxPods: 234 },
};

/** GiB of memory per vCPU: general purpose 4, compute 2, memory 8. */
const FAMILIES: Record<string, { memPerVcpu: number; arch: "x86_64" | "arm64"; sizes: Size[] }> = {
  m5: {
    memPerVcpu: 4,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  m5a: {
    memPerVcpu: 4,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  m6i: {
    memPerVcpu: 4,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  m6a: {
    memPerVcpu: 4,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  m7i: {
    memPerVcpu: 4,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  m6g: {
    memPerVcpu: 4,
    arch: "arm64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  m7g: {
    memPerVcpu: 4,
    arch: "arm64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  c5: { memPerVcpu: 2, arch: "x86_64", sizes: ["large", "xlarge", "2xlarge", "4xlarge"] },
  c6i: {
    memPerVcpu: 2,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  c6a: {
    memPerVcpu: 2,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  c7i: {
    memPerVcpu: 2,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  r5: {
    memPerVcpu: 8,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  r6i: {
    memPerVcpu: 8,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  r6a: {
    memPerVcpu: 8,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
  r7i: {
    memPerVcpu: 8,
    arch: "x86_64",
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"],
  },
};

/** Burstable types have their own ENI limits, so they are listed explicitly. */
const BURSTABLE: Record<string, InstanceTypeSpec> = {
  "t3.medium": { vcpu: 2, memoryGiB: 4, arch: "x86_64", maxPods: 17, family: "t3" },
  "t3.large": { vcpu: 2, memoryGiB: 8, arch: "x86_64", maxPods: 35, family: "t3" },
  "t3.xlarge": { vcpu: 4, memoryGiB: 16, arch: "x86_64", maxPods: 58, family: "t3" },
  "t3.2xlarge": { vcpu: 8, memoryGiB: 32, arch: "x86_64", maxPods: 58, family: "t3" },
};

function buildCatalog(): Record<string, InstanceTypeSpec> {
  const out: Record<string, InstanceTypeSpec> = { ...BURSTABLE };
  for (const [family, f] of Object.entries(FAMILIES)) {
    for (const size of f.sizes) {
      const { vcpu, maxPods } = SIZES[size];
      out[`${family}.${size}`] = {
        vcpu,
        memoryGiB: vcpu * f.memPerVcpu,
        arch: f.arch,
        maxPods,
        family,
      };
    }
  }
  return out;
}

/** Every instance type the platform knows, keyed by API name (`m6i.xlarge`). */
export const EC2_INSTANCE_TYPES: Readonly<Record<string, InstanceTypeSpec>> =
  Object.freeze(buildCatalog());

/** Looks up an instance type; throws with the known types when it is not in the catalogue. */
export function instanceType(name: string): InstanceTypeSpec {
  const spec = EC2_INSTANCE_TYPES[name];
  if (!spec) {
    throw new Error(
      `unknown EC2 instance type "${name}"; known types: ${Object.keys(EC2_INSTANCE_TYPES).sort().join(", ")}`,
    );
  }
  return spec;
}
