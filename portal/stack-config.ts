/**
 * Keeps the CLI's writes out of the project's working tree. The CLI saves stack settings (the
 * passphrase provider's `encryptionsalt`, re-serialising the whole file) into the stack file it
 * reads, so the portal never lets it read the working tree's: every operation gets
 * `--config-file <stateDir>/stack-config/Pulumi.<env>.yaml`, a copy of the working tree's stack
 * file made just before it runs, and stacks are created (`pulumi stack init`, which writes the
 * salt) with that folder as the project root. The working tree stays the one source of config;
 * the secrets settings the CLI wrote into the copy are carried into the next copy when the
 * working tree's file has none of its own.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** Top-level stack file keys that hold the stack's secrets provider configuration. */
export const SECRETS_KEYS = ["secretsprovider", "encryptedkey", "encryptionsalt"] as const;

/** The folder that stands in for the project whenever the CLI may write stack settings. */
export function configWorkspace(stateDir: string): string {
  return path.join(stateDir, "stack-config");
}

/** Writes `file` through a temporary file and a rename, so a reader never sees half of it. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The secrets settings of a stack file's text (those of SECRETS_KEYS it has). */
function secretsSettings(text: string): Record<string, unknown> {
  const parsed = (YAML.parse(text) ?? {}) as Record<string, unknown>;
  return Object.fromEntries(SECRETS_KEYS.filter((k) => k in parsed).map((k) => [k, parsed[k]]));
}

/**
 * Refreshes the config workspace for one environment and returns the stack file the CLI is to
 * read and write: the working tree's `Pulumi.<env>.yaml` as it is now, plus the secrets settings
 * of the previous copy when the working tree's file has none (a file with its own, such as one
 * holding `secure:` values, is used as it is). Also copies `Pulumi.yaml`, which `stack init`
 * needs to know the project.
 * @param projectDir the project (working tree); only read.
 * @param configDir configWorkspace(stateDir).
 */
export function prepareStackConfig(projectDir: string, configDir: string, env: string): string {
  fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const project = fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8");
  const projectCopy = path.join(configDir, "Pulumi.yaml");
  if (!fs.existsSync(projectCopy) || fs.readFileSync(projectCopy, "utf8") !== project) {
    writeAtomically(projectCopy, project);
  }
  const tree = fs.readFileSync(path.join(projectDir, `Pulumi.${env}.yaml`), "utf8");
  const target = path.join(configDir, `Pulumi.${env}.yaml`);
  let text = tree;
  if (Object.keys(secretsSettings(tree)).length === 0 && fs.existsSync(target)) {
    const carried = secretsSettings(fs.readFileSync(target, "utf8"));
    if (Object.keys(carried).length > 0) {
      const doc = YAML.parseDocument(tree);
      if (YAML.isMap(doc.contents)) {
        for (const [k, v] of Object.entries(carried)) doc.set(k, v);
        text = doc.toString();
      } else {
        // Empty or comments only: nothing to merge into.
        text = `${tree.trimEnd()}\n${YAML.stringify(carried)}`;
      }
    }
  }
  writeAtomically(target, text);
  return target;
}
