import { expect } from "chai";
import { reachabilityIssues } from "../../stacks/schema/deploy";
import { awsEnvironments, loadEnvironment } from "../../stacks/load";
import { type ConfigEdit, configProblems, type Settings } from "../helpers/config-problems";

/** The problems of the dev settings with an edit applied, or [] when accepted. */
const problemsAfter = (edit: ConfigEdit) => configProblems("dev", edit);

describe("reachability: each environment's API endpoint is reachable from where its deploys run", () => {
  // Listed inside the test, not while the file loads: parsing every stack file at load time would
  // make each schema mutant a "static" one, which mutation testing must run in a fresh process.
  it("every AWS environment: a private-only endpoint, with deploys from runners inside its VPC", () => {
    const shipped = awsEnvironments();
    expect(shipped).to.not.deep.equal([]);
    for (const env of shipped) {
      const e = loadEnvironment(env);
      expect(e.cluster.publicAccessCidrs, env).to.deep.equal([]);
      expect(e.deploy?.from, env).to.equal("vpc");
    }
  });

  it("refuses deploys from outside the VPC to a private-only endpoint, naming the key", () => {
    const problems = problemsAfter(
      (s) => (s.deploy = { from: "allowListed", egressCidrs: ["198.51.100.7/32"] }),
    );
    expect(problems).to.have.length(1);
    expect(problems[0].key).to.equal("platform:cluster.publicAccessCidrs");
    expect(problems[0].message).to.match(
      /is \[\] \(private endpoint only\), but deploys run outside the VPC .* 198\.51\.100\.7\/32\): no deploy path can reach the API/,
    );
  });

  it("refuses an egress range the public allow-list does not admit, naming it", () => {
    const problems = problemsAfter((s) => {
      s.cluster.publicAccessCidrs = ["198.51.100.0/25"];
      s.deploy = { from: "allowListed", egressCidrs: ["198.51.100.7/32", "203.0.113.0/24"] };
    });
    expect(problems.map((p) => p.key)).to.deep.equal(["platform:deploy.egressCidrs.1"]);
    expect(problems[0].message).to.match(
      /^203\.0\.113\.0\/24 is not inside any of platform:cluster\.publicAccessCidrs \(198\.51\.100\.0\/25\)/,
    );
  });

  it("accepts egress ranges inside the public allow-list", () => {
    expect(
      problemsAfter((s) => {
        s.cluster.publicAccessCidrs = ["198.51.100.0/24"];
        s.deploy = { from: "allowListed", egressCidrs: ["198.51.100.7/32"] };
      }),
    ).to.deep.equal([]);
  });

  it("requires an AWS environment to say where its deploys run", () => {
    const problems = problemsAfter((s) => delete s.deploy);
    expect(problems.map((p) => p.key)).to.deep.equal(["platform:deploy"]);
    expect(problems[0].message).to.match(/is required on AWS: say where `pulumi up` runs/);
  });

  it("refuses a runner without a repository, or an unknown deploy path", () => {
    expect(problemsAfter((s) => delete s.deploy.repository).map((p) => p.key)).to.deep.equal([
      "platform:deploy.repository",
    ]);
    expect(problemsAfter((s) => (s.deploy = { from: "laptop" })).map((p) => p.key)).to.deep.equal([
      "platform:deploy.from",
    ]);
  });

  it("asks nothing of a render-only environment, which deploys nowhere", () => {
    expect(reachabilityIssues(undefined, [], false)).to.deep.equal([]);
    expect(loadEnvironment("local").deploy).to.equal(undefined);
  });

  it("an egress range inside any one of several admitted ranges reaches the API; the messages list every range", () => {
    const allowListed = (publicAccessCidrs: string[], egressCidrs: string[]) => (s: Settings) => {
      s.cluster.publicAccessCidrs = publicAccessCidrs;
      s.deploy = { from: "allowListed", egressCidrs };
    };
    expect(
      problemsAfter(allowListed(["203.0.113.0/24", "198.51.100.0/25"], ["198.51.100.7/32"])),
    ).to.deep.equal([]);
    expect(
      problemsAfter(allowListed(["203.0.113.0/24", "198.51.100.0/25"], ["192.0.2.7/32"])),
    ).to.deep.equal([
      {
        key: "platform:deploy.egressCidrs.0",
        message:
          "192.0.2.7/32 is not inside any of platform:cluster.publicAccessCidrs (203.0.113.0/24, 198.51.100.0/25): deploys from there cannot reach the API. Add it there, or deploy from inside the VPC (platform:deploy.from: vpc)",
        value: "192.0.2.7/32",
      },
    ]);
    expect(problemsAfter(allowListed([], ["198.51.100.7/32", "192.0.2.7/32"]))).to.deep.equal([
      {
        key: "platform:cluster.publicAccessCidrs",
        message:
          "is [] (private endpoint only), but deploys run outside the VPC (platform:deploy.from: allowListed, egress 198.51.100.7/32, 192.0.2.7/32): no deploy path can reach the API. Admit the egress ranges here, or deploy from inside the VPC (platform:deploy.from: vpc)",
        value: undefined, // a list is not repeated as the value
      },
    ]);
  });
});
