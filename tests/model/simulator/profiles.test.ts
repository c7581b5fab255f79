import { expect } from "chai";
import { buildProfile, piecewiseProfile, SimulatorInputError } from "../../../model/simulator";

describe("load profiles", () => {
  it("a step holds the old rate before its time and the new one from it, and drops back after the hold", () => {
    const p = buildProfile({
      kind: "step",
      fromRps: 100,
      toRps: 400,
      atSeconds: 30,
      holdSeconds: 60,
      durationSeconds: 300,
    });
    expect([0, 25, 30, 89, 90, 300].map((t) => p.rpsAt(t))).to.deep.equal([
      100, 100, 400, 400, 100, 100,
    ]);
    expect(p.riseStartSeconds).to.equal(30);
    expect(p.dropStartSeconds).to.equal(90);
  });

  it("the seed spike ramps 100 → 1,000 req/s in 60 s after a 300 s lead: 550 half way, 1,000 held for 600 s, then back", () => {
    const p = buildProfile({ kind: "spike", baselineRps: 100 });
    expect(p.rpsAt(300)).to.equal(100);
    expect(p.rpsAt(330)).to.equal(550);
    expect(p.rpsAt(360)).to.equal(1000);
    expect(p.rpsAt(959)).to.equal(1000);
    expect(p.rpsAt(1020)).to.equal(100);
    expect(p.durationSeconds).to.equal(300 + 60 + 600 + 60 + 1800);
    expect(p.dropStartSeconds).to.equal(960);
  });

  it("a spike scales to the service's own baseline (40 req/s × 10 = 400 at the top)", () => {
    expect(buildProfile({ kind: "spike", baselineRps: 40 }).rpsAt(400)).to.equal(400);
  });

  it("a diurnal trace peaks at its peak hour and bottoms out 12 h later, over 24 h per day", () => {
    const p = buildProfile({ kind: "diurnal", minRps: 50, maxRps: 500, peakHour: 14 });
    expect(p.durationSeconds).to.equal(86_400);
    expect(p.rpsAt(14 * 3600)).to.be.closeTo(500, 1e-9);
    expect(p.rpsAt(2 * 3600)).to.be.closeTo(50, 1e-9);
    expect(p.rpsAt(8 * 3600)).to.be.closeTo(275, 1e-9); // half way: 50 + 450 × (1 + cos 90°)/2
  });

  it("gives the same answer when asked out of order", () => {
    const p = piecewiseProfile(
      "p",
      [
        [0, 0],
        [10, 100],
        [20, 0],
      ],
      20,
    );
    expect([15, 5, 15].map((t) => p.rpsAt(t))).to.deep.equal([50, 50, 50]);
  });

  it("rejects negative rates, decreasing times, maxRps below minRps and unknown kinds, naming the field", () => {
    expect(() =>
      buildProfile({ kind: "step", fromRps: -1, toRps: 1, atSeconds: 0, durationSeconds: 1 }),
    ).to.throw(SimulatorInputError, /profile\.fromRps/);
    expect(() =>
      piecewiseProfile(
        "p",
        [
          [10, 1],
          [5, 1],
        ],
        20,
      ),
    ).to.throw(/profile\.points\[1\]\.seconds: times must not decrease/);
    expect(() => buildProfile({ kind: "diurnal", minRps: 10, maxRps: 5 })).to.throw(
      /profile\.maxRps: maxRps 5 is below minRps 10/,
    );
    expect(() => buildProfile({ kind: "sawtooth" } as never)).to.throw(
      /profile\.kind: unknown profile "sawtooth"; known: step, ramp, spike, diurnal/,
    );
  });
});
