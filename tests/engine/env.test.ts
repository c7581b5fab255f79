import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  engineBinDir,
  enginePluginHome,
  lockedPackageVersion,
  offlineEngineEnv,
  prepareOfflineEngine,
} from "../../runtime/engine";

describe("the offline engine environment", () => {
  const cache = path.join(os.tmpdir(), "engine-env-cache");
  const env = { ENGINE_CACHE_DIR: cache, PATH: "/usr/bin:/bin" };

  it("keys the engine folder on the @pulumi/pulumi version in package-lock.json", () => {
    const version = lockedPackageVersion("@pulumi/pulumi");
    expect(engineBinDir(env)).to.equal(path.join(cache, version, "bin"));
    expect(enginePluginHome(env)).to.equal(path.join(cache, version, "home"));
  });

  it("uses a file backend, the passphrase, only cached plugins and the engine first on PATH", () => {
    const result = offlineEngineEnv({ stateDir: "rel/state", passphrase: "pw" }, env);
    expect(result.PULUMI_BACKEND_URL).to.equal(`file://${path.resolve("rel/state")}`);
    expect(result.PULUMI_CONFIG_PASSPHRASE).to.equal("pw");
    expect(result.PULUMI_HOME).to.equal(enginePluginHome(env));
    expect(result.PATH.split(path.delimiter)).to.deep.equal([
      engineBinDir(env),
      "/usr/bin",
      "/bin",
    ]);
    for (const flag of [
      "PULUMI_SKIP_UPDATE_CHECK",
      "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION",
      "PULUMI_DISABLE_REGISTRY_RESOLVE",
      "PULUMI_IGNORE_AMBIENT_PLUGINS",
    ]) {
      expect(result[flag], flag).to.equal("true");
    }
  });

  it("refuses an empty state folder, naming the option", () => {
    expect(() => offlineEngineEnv({ stateDir: "" }, env)).to.throw(/stateDir is required/);
  });

  it("links a custom PULUMI_HOME's plugins to the shared plugin cache", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-env-"));
    try {
      const home = path.join(dir, "home");
      const result = prepareOfflineEngine(
        { stateDir: path.join(dir, "state"), pulumiHome: home },
        env,
      );
      expect(result.PULUMI_HOME).to.equal(home);
      expect(fs.existsSync(path.join(dir, "state"))).to.equal(true);
      expect(fs.realpathSync(path.join(home, "plugins"))).to.equal(
        fs.realpathSync(path.join(enginePluginHome(env), "plugins")),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
