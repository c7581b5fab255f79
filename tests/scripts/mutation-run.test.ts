import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { seedPartialState } from "../../scripts/mutation/run";

describe("npm run mutation -- --files: a partial run starts from the scope's full run", () => {
  let dir: string;
  let full: string;
  let partial: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mutation-run-"));
    full = path.join(dir, "schema.incremental.json");
    partial = path.join(dir, "schema.changed.incremental.json");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const at = (file: string, text: string, seconds: number) => {
    fs.writeFileSync(file, text);
    fs.utimesSync(file, seconds, seconds);
  };

  it("copies the full run's state when no partial run has happened", () => {
    at(full, "full", 1_000);
    expect(seedPartialState(full, partial)).to.equal(true);
    expect(fs.readFileSync(partial, "utf8")).to.equal("full");
  });

  it("replaces an older partial state with a newer full run", () => {
    at(partial, "old partial", 1_000);
    at(full, "full", 2_000);
    expect(seedPartialState(full, partial)).to.equal(true);
    expect(fs.readFileSync(partial, "utf8")).to.equal("full");
  });

  it("keeps a partial state newer than the full run, so repeated partial runs build on each other", () => {
    at(full, "full", 1_000);
    at(partial, "partial", 2_000);
    expect(seedPartialState(full, partial)).to.equal(false);
    expect(fs.readFileSync(partial, "utf8")).to.equal("partial");
  });

  it("keeps a partial state written at the same moment as the full run", () => {
    at(full, "full", 1_000);
    at(partial, "partial", 1_000);
    expect(seedPartialState(full, partial)).to.equal(false);
    expect(fs.readFileSync(partial, "utf8")).to.equal("partial");
  });

  it("starts cold (nothing copied) on a clean clone with no full run", () => {
    expect(seedPartialState(full, partial)).to.equal(false);
    expect(fs.existsSync(partial)).to.equal(false);
  });
});
