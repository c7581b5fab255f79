import { expect } from "chai";
import { INSTALL_HINT, POSTGRES_MAJOR, postgresBinaries } from "../../scripts/servers";
import { loadEnvironment } from "../../stacks/load";
import { SHIPPED } from "../helpers/program";

describe("server binaries of the real-server tests", () => {
  it("run the PostgreSQL major every shipped environment asks RDS for", () => {
    for (const stack of SHIPPED) {
      const env = loadEnvironment(stack);
      expect(Number(env.database.engineVersion), stack).to.equal(POSTGRES_MAJOR);
    }
    expect(postgresBinaries().major).to.equal(POSTGRES_MAJOR);
  });

  it("fail with the install command, never a skip, when PostgreSQL is missing", () => {
    const saved = process.env.PLATFORM_PG_BIN_DIR;
    process.env.PLATFORM_PG_BIN_DIR = "/nonexistent/pg/bin";
    try {
      expect(() => postgresBinaries())
        .to.throw(/postgres not found or not executable at \/nonexistent\/pg\/bin\/postgres/)
        .with.property("message")
        .that.includes(INSTALL_HINT);
    } finally {
      if (saved === undefined) delete process.env.PLATFORM_PG_BIN_DIR;
      else process.env.PLATFORM_PG_BIN_DIR = saved;
    }
  });
});
