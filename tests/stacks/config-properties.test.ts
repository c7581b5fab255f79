import { expect } from "chai";
import fc from "fast-check";
import { ConfigError, type Environment, listEnvironments, parseStackConfig } from "../../stacks";
import type { ConfigProblem } from "../../stacks/errors";
import { ProgramFailure, type ProgramRun } from "../../scripts/lib/program";
import { withLoopbackKubeconfig } from "../helpers/kubeconfig";
import { run } from "../helpers/program";
import { BAD, corpusMutation, GOOD } from "./config/corpus";
import { environmentViolations, programViolations } from "./config/invariants";
import { mutate, type Mutation, mutationSeed } from "./config/mutations";
import { applyValid, validEdit } from "./config/valid-edits";

/*
 * Property: any edit of a shipped stack file is either refused, naming a key the edit touched,
 * or accepted as an environment whose invariants hold (and, for a sample, whose registered
 * resources keep theirs: replica bounds, zones, one owner per object, encryption). Edits with
 * values AWS accepts are never refused. Seeded, so a failure replays; PROPERTY_SEED and
 * PROPERTY_RUNS draw a fresh set.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 11);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
/**
 * Accepted mutations also run through the whole program, per environment: the first
 * PROPERTY_PROGRAM_RUNS of the draw (5-10 s each, so one by default keeps the file fast).
 */
const PROGRAM_SAMPLE = Number(process.env.PROPERTY_PROGRAM_RUNS ?? 1);

const ENVIRONMENTS = listEnvironments();

type Verdict = { refused: true; problems: ConfigProblem[] } | { refused: false; env: Environment };

function load(m: Mutation): Verdict {
  try {
    return {
      refused: false,
      env: parseStackConfig(m.environment, m.config, `Pulumi.${m.environment}.yaml`),
    };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err; // a crash is never an answer
    return { refused: true, problems: err.problems };
  }
}

/** `platform:a.b.c` and its ancestors `platform:a.b`, `platform:a`. */
function lineOf(key: string): string[] {
  const out = [key];
  for (let k = key; /[.]/.test(k);) out.push((k = k.slice(0, k.lastIndexOf("."))));
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether a problem names a key the mutation touched: on its line (the key, a parent or a child),
 * a sibling (`maxAllocatedStorageGiB` below the `allocatedStorageGiB` just raised), in the same
 * list entry (`platform:database.partitionedTables.0.*`: a renamed column reported at the index
 * that uses it), or in its message (a cross-check naming the key it read).
 */
function names(p: ConfigProblem, touched: string[]): boolean {
  return touched.some((t) => {
    const line = lineOf(t);
    const segments = t.split(".");
    const parent = segments.slice(0, -1).join(".");
    const firstIndex = segments.findIndex((x) => /^\d+$/.test(x));
    const entry = firstIndex > 0 ? segments.slice(0, firstIndex + 1).join(".") : undefined;
    return (
      line.includes(p.key) ||
      p.key.startsWith(`${t}.`) ||
      (segments.length > 1 &&
        p.key.startsWith(`${parent}.`) &&
        p.key.split(".").length === segments.length) ||
      (entry !== undefined && p.key.startsWith(`${entry}.`)) ||
      line.some((k) => new RegExp(`${escape(k)}(?![\\w-])`).test(p.message)) ||
      // The capacity plan's messages name keys without `platform:` (`workers.agent-worker`).
      line
        .map((k) => k.replace(/^platform:/, ""))
        .some(
          (k) =>
            k.includes(".") && new RegExp(`(^|[^\\w.:-])${escape(k)}(?![\\w-])`).test(p.message),
        )
    );
  });
}

/** Outcomes, for the closing note: every "silently accepted" and "correct refused" must be 0. */
const counts = {
  corpus: { bad: 0, silentlyAccepted: 0, good: 0, correctRefused: 0 },
  generated: {
    total: 0,
    /** Draws with nothing to mutate (e.g. a typo that is another known key): the file as shipped. */
    unchanged: 0,
    refusedNamingKey: 0,
    acceptedSound: 0,
    silentlyAccepted: 0,
    refusedUnnamed: 0,
  },
  validEdits: { total: 0, correctRefused: 0 },
  programRuns: { registeredSound: 0, refusedNamingKey: 0 },
};

/** Checks one mutation against the property; returns the verdict. */
function check(m: Mutation): Verdict {
  const v = load(m);
  const what = `${m.environment}: ${m.description}`;
  const tally = m.kind === "valid" ? undefined : counts.generated;
  if (tally) tally.total++;
  else counts.validEdits.total++;
  if (v.refused) {
    const related = v.problems.some((p) => names(p, m.touched));
    if (m.expect === "accept") counts.validEdits.correctRefused++;
    else if (tally) tally[related ? "refusedNamingKey" : "refusedUnnamed"]++;
    expect(
      m.expect,
      `${what} is correct but was refused:\n${JSON.stringify(v.problems, null, 1)}`,
    ).to.not.equal("accept");
    expect(
      related,
      `${what} was refused without naming ${m.touched.join(" or ")}:\n${JSON.stringify(v.problems, null, 1)}`,
    ).to.equal(true);
  } else {
    const violations = environmentViolations(v.env);
    const silent = m.expect === "refuse" || violations.length > 0;
    if (tally)
      tally[silent ? "silentlyAccepted" : m.kind === "none" ? "unchanged" : "acceptedSound"]++;
    expect(m.expect, `${what} must be refused, but was accepted`).to.not.equal("refuse");
    expect(violations, `${what} was accepted but breaks invariants`).to.deep.equal([]);
  }
  return v;
}

describe("stack-file validation, property-based", function () {
  this.timeout(300_000);

  after(() => {
    console.log(`      counts: ${JSON.stringify(counts)}`);
  });

  describe("the fixed corpus", () => {
    for (const c of BAD) {
      it(`refuses ${c.name}, naming ${c.keys.join(", ")}`, () => {
        counts.corpus.bad++;
        const v = load(corpusMutation(c, "refuse"));
        if (!v.refused) counts.corpus.silentlyAccepted++;
        expect(v.refused, "refused").to.equal(true);
        const problems = (v as { problems: ConfigProblem[] }).problems;
        for (const key of c.keys)
          expect(
            problems.map((p) => p.key),
            JSON.stringify(problems, null, 1),
          ).to.include(key);
        if (c.says) expect(problems.find((p) => p.key === c.keys[0])!.message).to.match(c.says);
        const text = problems
          .map((p) => `${p.key} ${p.message} ${JSON.stringify(p.value)}`)
          .join("\n");
        if (c.never) expect(text).to.not.match(c.never);
        expect(text).to.not.match(/data-tier alarms/);
      });
    }
    for (const c of GOOD) {
      it(`accepts ${c.name}`, () => {
        counts.corpus.good++;
        const v = load(corpusMutation(c, "accept"));
        if (v.refused) counts.corpus.correctRefused++;
        expect(v.refused ? v.problems : [], "refused").to.deep.equal([]);
        expect(environmentViolations((v as { env: Environment }).env)).to.deep.equal([]);
      });
    }

    it("keeps rds.force_ssl when a protected environment sets another parameter", () => {
      const v = load(
        corpusMutation(
          GOOD.find((c) => /force_ssl/.test(c.name))!,
          "accept",
        ),
      );
      expect((v as { env: Environment }).env.database.parameters).to.deep.include({
        work_mem: 65536,
        "rds.force_ssl": 1,
      });
    });
  });

  for (const environment of ENVIRONMENTS) {
    describe(`mutations of Pulumi.${environment}.yaml`, () => {
      it("are refused naming a key they touched, or accepted with every invariant holding", () => {
        fc.assert(
          fc.property(mutationSeed, (s) => {
            check(mutate(environment, s));
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });

      it("with values AWS and Kubernetes accept are never refused", () => {
        fc.assert(
          fc.property(validEdit, (e) => {
            check(applyValid(environment, e));
          }),
          { seed: SEED, numRuns: Math.ceil(RUNS / 3) },
        );
      });

      it("that the loader accepts register resources whose invariants hold (a sample run through the program)", async () => {
        // The first mutations of the draw that change the file and that the loader accepts.
        const accepted = fc
          .sample(mutationSeed, { seed: SEED, numRuns: RUNS })
          .map((s) => mutate(environment, s))
          .filter((m) => m.kind !== "none" && !load(m).refused)
          .slice(0, PROGRAM_SAMPLE);
        expect(accepted, "accepted mutations to run").to.have.length(PROGRAM_SAMPLE);
        for (const m of accepted) {
          const env = (load(m) as { env: Environment }).env;
          let r: ProgramRun;
          try {
            // The sandbox applies to a proving ground: under mocks a loopback kubeconfig stands in.
            r = await run({ stack: environment, config: withLoopbackKubeconfig(m.config) });
          } catch (err) {
            // The program's own checks (capacity plan, alert rules) may still refuse: naming the key.
            expect(err, m.description).to.be.instanceOf(ProgramFailure);
            // The program is loaded afresh per run, so its ConfigError is another class object.
            const cause = (err as ProgramFailure).cause as ConfigError;
            expect(cause.name, `${m.description}: ${(err as Error).message}`).to.equal(
              "ConfigError",
            );
            expect(
              cause.problems.some((p) => names(p, m.touched)),
              `${m.description}: ${(err as Error).message}`,
            ).to.equal(true);
            counts.programRuns.refusedNamingKey++;
            continue;
          }
          expect(programViolations(r, env), m.description).to.deep.equal([]);
          counts.programRuns.registeredSound++;
        }
      });
    });
  }
});
