import { expect } from "chai";
import { configProblems, expectAccepted, expectProblem } from "../helpers/config-problems";

const KNOWN_REGIONS =
  "us-east-1, us-east-2, us-west-1, us-west-2, ca-central-1, eu-west-1, eu-west-2, eu-west-3, eu-central-1, eu-north-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, ap-south-1, sa-east-1";

describe("platform:aws and platform:tags: regions and tag keys, refused naming the key", () => {
  it("an unknown region is refused with the nearest known one and the whole list", () => {
    expectProblem(
      "dev",
      (s) => (s.aws.region = "us-east-9"),
      "platform:aws.region",
      `is not a known region; did you mean us-east-1? Known: ${KNOWN_REGIONS} (add one in model/catalog/regions.ts)`,
    );
  });

  it("a region like none of the known ones is refused without a guess", () => {
    expectProblem(
      "dev",
      (s) => (s.aws.region = "mars"),
      "platform:aws.region",
      `is not a known region Known: ${KNOWN_REGIONS} (add one in model/catalog/regions.ts)`,
    );
  });

  it("a backup region is checked like the region, and may not be the environment's own", () => {
    expectProblem(
      "dev",
      (s) => (s.aws.backupRegion = "eu-west-9"),
      "platform:aws.backupRegion",
      /^is not a known region; did you mean eu-west-1\?/,
    );
    expectProblem(
      "dev",
      (s) => (s.aws.backupRegion = "us-east-1"),
      "platform:aws.backupRegion",
      "is the environment's own region us-east-1; disaster-recovery copies need another region",
    );
    expectAccepted("dev", (s) => (s.aws.backupRegion = "us-west-2"));
  });

  describe("extra tag keys the program or AWS own are refused", () => {
    const tagKeyProblem = (key: string) =>
      expectProblem(
        "dev",
        (s) => (s.tags.extra = { [key]: "x" }),
        `platform:tags.extra.${key}`,
        /^is not allowed as a key: /,
      ).message.replace(/^is not allowed as a key: /, "");

    it("the aws: prefix is AWS's own", () => {
      expect(tagKeyProblem("aws:team")).to.equal("the aws: prefix is reserved for AWS's own tags");
    });

    it("each tag the program sets from owner, costCentre and the stack", () => {
      for (const key of ["Environment", "Owner", "CostCentre", "Project", "ManagedBy", "Name"])
        expect(tagKeyProblem(key), key).to.equal(
          `${key} is set by the program (from platform:tags.owner, costCentre or the stack name); remove it from extra`,
        );
    });

    it("each prefix that steers Kubernetes, AWS controllers or the program", () => {
      for (const key of ["kubernetes.io/role", "k8s.io/x", "eks:team", "platform.io/tier"])
        expect(tagKeyProblem(key), key).to.equal(
          "keys under kubernetes.io/, k8s.io/, eks:, platform.io/ steer Kubernetes and AWS controllers or the program; choose another key",
        );
    });

    it("a key that only contains or ends with such a prefix is the user's own", () => {
      expectAccepted("dev", (s) => (s.tags.extra = { "team-eks:": "x", "my.kubernetes.io/": "y" }));
    });
  });
});

describe("platform:cluster: the API allow-list", () => {
  it("0.0.0.0/0 is refused at its index as the open Internet", () => {
    const found = configProblems("dev", (s) => (s.cluster.publicAccessCidrs = ["0.0.0.0/0"]));
    expect(found.find((p) => p.key === "platform:cluster.publicAccessCidrs.0")?.message).to.equal(
      "0.0.0.0/0 opens the API to the Internet; list your office/VPN ranges",
    );
  });

  it("a Kubernetes version not in the calendar is refused, listing the calendar and what EKS offers today", () => {
    expectProblem(
      "dev",
      (s) => (s.cluster.version = "1.37"),
      "platform:cluster.version",
      // What EKS offers moves with the date: only the newest two minors are pinned here.
      /^"1\.37" is not in the EKS calendar \(1\.36, 1\.35, 1\.34, 1\.33, 1\.32, 1\.31, 1\.30\); EKS offers 1\.36, 1\.35(, 1\.\d+)* today$/,
    );
  });
});
