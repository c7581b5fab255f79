import { expect } from "chai";
import { inspect } from "util";
import { configKeyProblems, configValue } from "../../stacks/schema/config-keys";
import {
  isSecureEntry,
  SecretValue,
  secretProblems,
  setSecretCommand,
} from "../../stacks/schema/secrets";

const WEBHOOK = "platform:alertWebhookUrl";
const SET_URL = "pulumi config set --secret platform:alertWebhookUrl <url>";
const SOURCE = "Pulumi.dev.yaml";

describe("secret settings: never shown, never in plain text, checked for what they hold", () => {
  it("a secret prints as [secret] and serialises as its ciphertext, or [secret] when decrypted", () => {
    const decrypted = new SecretValue("hunter2");
    expect([String(decrypted), inspect(decrypted), `${decrypted}`]).to.deep.equal([
      "[secret]",
      "[secret]",
      "[secret]",
    ]);
    expect(JSON.stringify(decrypted)).to.equal('{"secure":"[secret]"}');
    expect(JSON.stringify(new SecretValue(undefined, "v1:abc"))).to.equal('{"secure":"v1:abc"}');
  });

  it("the command to set one says <url> for a URL and <value> otherwise", () => {
    expect(setSecretCommand(WEBHOOK, "url")).to.equal(SET_URL);
    expect(setSecretCommand("render:cachePassword", "password")).to.equal(
      "pulumi config set --secret render:cachePassword <value>",
    );
  });

  it("a secure entry is an object with only a text `secure`", () => {
    expect(isSecureEntry({ secure: "v1:abc" })).to.equal(true);
    for (const v of [
      null,
      "v1:abc",
      { secure: 1 },
      { secure: "v1:abc", other: 1 },
      Object.assign([], { secure: "v1:abc" }),
    ])
      expect(isSecureEntry(v), JSON.stringify(v)).to.equal(false);
    expect(configValue('{"secure":"v1:abc"}', false)).to.deep.equal(
      new SecretValue(undefined, "v1:abc"),
    );
  });

  it("an unset or empty secret is refused with the command that sets it", () => {
    for (const v of [undefined, ""])
      expect(secretProblems(WEBHOOK, v, SOURCE)).to.deep.equal([
        { key: WEBHOOK, message: `is not set; set it with: ${SET_URL}` },
      ]);
  });

  it("a secret in plain text is refused without showing it", () => {
    expect(secretProblems(WEBHOOK, "https://hooks.example.com/x", SOURCE)).to.deep.equal([
      {
        key: WEBHOOK,
        message: `is stored in plain text in Pulumi.dev.yaml; set it again with: ${SET_URL} (the value is not shown)`,
      },
    ]);
  });

  it("a webhook URL must be a whole http(s) URL; a password may be any text; a still-encrypted value is not checked", () => {
    const refused = [
      { key: WEBHOOK, message: "must be an http(s) URL (the value is a secret and is not shown)" },
    ];
    for (const url of ["ftp://x", "xhttps://hooks.example.com", "https://a b", "https://"])
      expect(secretProblems(WEBHOOK, new SecretValue(url), SOURCE), url).to.deep.equal(refused);
    for (const url of ["https://hooks.example.com/x", "http://hooks.example.com"])
      expect(secretProblems(WEBHOOK, new SecretValue(url), SOURCE), url).to.deep.equal([]);
    expect(secretProblems(WEBHOOK, new SecretValue(undefined, "v1:abc"), SOURCE)).to.deep.equal([]);
    expect(
      secretProblems("sandbox:cachePassword", new SecretValue("not a url"), SOURCE),
    ).to.deep.equal([]);
  });
});

describe("stack config keys outside platform:, pure", () => {
  const SETTINGS = "(settings live under platform:, see docs/configuration.md)";

  it("a key without a namespace is refused, suggesting platform:", () => {
    expect(configKeyProblems({ database: {} }, [], SOURCE)).to.deep.equal([
      {
        key: "database",
        message: `has no namespace; did you mean platform:database? ${SETTINGS}`,
      },
    ]);
  });

  it('a key with an empty namespace is under the namespace "", which nothing reads', () => {
    const [p] = configKeyProblems({ ":database": {} }, [], SOURCE);
    expect(p.message).to.match(/^is under ":", a namespace this program does not read/);
  });

  it("a credential key that is not one of the five secrets is refused, with the nearest (or none) and the list", () => {
    const known =
      "(known: render:databasePassword, render:databaseAppPassword, render:cachePassword, render:queuePassword, render:grafanaPassword)";
    expect(
      configKeyProblems({ "render:databasePasword": "x" }, ["render"], SOURCE)[0],
    ).to.deep.equal({
      key: "render:databasePasword",
      message: `is not a render secret; did you mean render:databasePassword? ${known}`,
    });
    expect(configKeyProblems({ "render:zzzzzzzzzzzzzzzz": "x" }, [], SOURCE)).to.deep.equal([
      { key: "render:zzzzzzzzzzzzzzzz", message: `is not a render secret ${known}` },
    ]);
  });

  it("a credential secret without its platform: setting is refused as unread", () => {
    expect(
      configKeyProblems({ "sandbox:cachePassword": new SecretValue("x") }, [], SOURCE),
    ).to.deep.equal([
      {
        key: "sandbox:cachePassword",
        message: "is read only when platform:sandbox is set; remove it",
      },
    ]);
  });

  it("only pulumi:disable-default-providers is an engine key", () => {
    expect(
      configKeyProblems({ "pulumi:disable-default-providers": '["*"]' }, [], SOURCE),
    ).to.deep.equal([]);
    expect(configKeyProblems({ "pulumi:tags": "{}" }, [], SOURCE)).to.deep.equal([
      {
        key: "pulumi:tags",
        message:
          "is not an engine setting a stack sets here; the only one is pulumi:disable-default-providers",
      },
    ]);
  });

  it("a provider key is refused with its value, unless that value is a secret", () => {
    const [plain] = configKeyProblems({ "random:seed": 4 }, [], SOURCE);
    expect(plain).to.deep.equal({
      key: "random:seed",
      message: "is not read: the random provider has no settings; remove it",
      value: 4,
    });
    const [secret] = configKeyProblems({ "random:seed": new SecretValue("4") }, [], SOURCE);
    expect(secret.value).to.equal(undefined);
  });
});
