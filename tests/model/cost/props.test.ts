import { expect } from "chai";
import {
  boolOr,
  countOr,
  dependencyUrns,
  get,
  optionalArray,
  optionalString,
  requireCount,
  requireString,
  ResourceLike,
} from "../../../model/cost/props";
import { bomFromResources, classifyResource } from "../../../model/cost";

const r = (props: Record<string, unknown>, extra: Partial<ResourceLike> = {}): ResourceLike => ({
  type: "aws:test/thing:Thing",
  name: "t",
  props,
  ...extra,
});
const WHO = 'aws:test/thing:Thing "t"';

describe("cost model: reading resource inputs", () => {
  it("a dependency is a URN or an object with one; anything else is skipped", () => {
    const x = r(
      {},
      {
        propertyDependencies: {
          source: ["urn:a", { urn: "urn:b" }, null, { urn: 7 }, { id: "no-urn" }],
        },
      },
    );
    expect(dependencyUrns(x, "source")).to.deep.equal(["urn:a", "urn:b"]);
    expect(dependencyUrns(x, "other")).to.deep.equal([]);
    expect(dependencyUrns(r({}), "source")).to.deep.equal([]);
  });

  it("a dotted path stops at the first step that is not an object", () => {
    expect(get({ a: { b: { c: 3 } } }, "a.b.c")).to.equal(3);
    expect(get({ a: null }, "a.b")).to.equal(undefined);
    expect(get({ a: "text" }, "a.length")).to.equal(undefined);
    expect(get({ a: 5 }, "a.b")).to.equal(undefined);
  });

  it("a required count must be set, and the message carries the hint when there is one", () => {
    expect(requireCount(r({ n: 3 }), "n")).to.equal(3);
    expect(() => requireCount(r({}), "n")).to.throw(
      `${WHO}: n is not set (or not known yet), so the resource cannot be priced`,
    );
    expect(() => requireCount(r({ n: null }), "n", "set it in the stack")).to.throw(
      `${WHO}: n is not set (or not known yet), so the resource cannot be priced; set it in the stack`,
    );
    let message = "";
    try {
      requireCount(r({}), "n");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.endsWith("cannot be priced")).to.equal(true);
  });

  it("an optional count takes the provider default only when absent", () => {
    expect(countOr(r({}), "n", 2)).to.equal(2);
    expect(countOr(r({ n: null }), "n", 2)).to.equal(2);
    expect(countOr(r({ n: 0 }), "n", 2)).to.equal(0);
    expect(countOr(r({ n: "4" }), "n", 2)).to.equal(4);
  });

  it("a count is a non-negative integer, or a string of digits as Pulumi may hand it over", () => {
    expect(requireCount(r({ n: "12" }), "n")).to.equal(12);
    expect(requireCount(r({ n: 0 }), "n")).to.equal(0);
    for (const bad of [-1, 1.5, "1.5", "-1", "12a", "a12", " 12", "12 ", "0x10", "", true, [2]]) {
      expect(() => requireCount(r({ n: bad }), "n"), JSON.stringify(bad)).to.throw(
        `${WHO}: n must be a non-negative integer, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it("a required string must be a non-empty string", () => {
    expect(requireString(r({ s: "x" }), "s")).to.equal("x");
    for (const bad of [undefined, "", 3, null]) {
      expect(() => requireString(r({ s: bad }), "s"), String(bad)).to.throw(
        `${WHO}: s is not set (or not known yet), so the resource cannot be priced`,
      );
    }
  });

  it("an optional string is absent or a string", () => {
    expect(optionalString(r({}), "s")).to.equal(undefined);
    expect(optionalString(r({ s: null }), "s")).to.equal(undefined);
    expect(optionalString(r({ s: "" }), "s")).to.equal("");
    expect(() => optionalString(r({ s: 3 }), "s")).to.throw(`${WHO}: s must be a string, got 3`);
  });

  it("a boolean may come as a string; anything else is refused", () => {
    expect(boolOr(r({}), "b", true)).to.equal(true);
    expect(boolOr(r({ b: null }), "b", false)).to.equal(false);
    expect(boolOr(r({ b: "true" }), "b", false)).to.equal(true);
    expect(boolOr(r({ b: true }), "b", false)).to.equal(true);
    expect(boolOr(r({ b: "false" }), "b", true)).to.equal(false);
    expect(boolOr(r({ b: false }), "b", true)).to.equal(false);
    expect(() => boolOr(r({ b: "yes" }), "b", true)).to.throw(
      `${WHO}: b must be a boolean, got "yes"`,
    );
    expect(() => boolOr(r({ b: 1 }), "b", true)).to.throw(`${WHO}: b must be a boolean, got 1`);
  });

  it("an optional list is absent or a list", () => {
    expect(optionalArray(r({}), "l")).to.equal(undefined);
    expect(optionalArray(r({ l: null }), "l")).to.equal(undefined);
    expect(optionalArray(r({ l: [1] }), "l")).to.deep.equal([1]);
    expect(() => optionalArray(r({ l: "a,b" }), "l")).to.throw(
      `${WHO}: l must be a list, got "a,b"`,
    );
  });
});

describe("cost model: classifying what the stack registers", () => {
  it("a backup vault is priced only once backup storage is declared", () => {
    const vault: ResourceLike = { type: "aws:backup/vault:Vault", name: "v", props: {} };
    expect(classifyResource(vault)).to.equal("not-modelled");
    expect(classifyResource(vault, { traffic: {} } as never)).to.equal("not-modelled");
    expect(classifyResource(vault, { traffic: { backupStorageGb: 0 } } as never)).to.equal(
      "priced",
    );
    expect(classifyResource(r({}))).to.equal("not-modelled");
    expect(classifyResource({ type: "aws:iam/role:Role", name: "x", props: {} })).to.equal("free");
  });

  it("types not modelled are listed by type name, with their counts", () => {
    const bom = bomFromResources([
      { type: "aws:s3/bucket:Bucket", name: "b1", props: {} },
      { type: "aws:dynamodb/table:Table", name: "t1", props: {} },
      { type: "aws:s3/bucket:Bucket", name: "b2", props: {} },
    ]);
    expect(bom.notModelled).to.deep.equal([
      { type: "aws:dynamodb/table:Table", count: 1 },
      { type: "aws:s3/bucket:Bucket", count: 2 },
    ]);
  });

  it("declared NAT data and snapshot storage become their own lines", () => {
    const bom = bomFromResources([], {
      natDataProcessedGb: 100,
      snapshotStorageGb: { ebs: 10, rds: { min: 1, baseline: 2, max: 3 } },
    });
    expect(bom.items).to.deep.equal([
      {
        component: "network",
        resource: "nat-data-processed",
        price: { kind: "nat-data" },
        capacity: "on-demand",
        unit: "per-gb",
        quantity: { min: 100, baseline: 100, max: 100 },
      },
      {
        component: "backup",
        resource: "ebs-snapshots",
        price: { kind: "snapshot-storage", source: "ebs" },
        capacity: "on-demand",
        unit: "per-gb-month",
        quantity: { min: 10, baseline: 10, max: 10 },
      },
      {
        component: "backup",
        resource: "rds-snapshots",
        price: { kind: "snapshot-storage", source: "rds" },
        capacity: "on-demand",
        unit: "per-gb-month",
        quantity: { min: 1, baseline: 2, max: 3 },
      },
    ]);
  });
});
