import { expect } from "chai";
import { cdnOf, edgeIssues, placeholderIssues } from "../../stacks/schema/edge";

const pub = (host: string) => ({ host, cdnCaching: false, idleTimeoutSeconds: 60, responseKiB: 8 });
/** The edge settings with `services`; zone and domain are set unless given as null. */
const edge = (
  services: Record<string, ReturnType<typeof pub>>,
  zone: string | null = "Z04123456ABCDEFGHIJK",
  domain: string | null = "example.com",
) => ({ hostedZoneId: zone ?? undefined, domain: domain ?? undefined, services });
const SERVICES = { api: {}, web: {} };

describe("public services: a zone, a domain, and one host per service inside it", () => {
  it("no public service needs neither a zone nor a domain", () => {
    expect(edgeIssues({ edge: edge({}, null, null), services: SERVICES })).to.deep.equal([]);
  });

  it("public services without a zone or a domain are refused at each, naming the services", () => {
    expect(
      edgeIssues({
        edge: edge({ api: pub("api.example.com"), web: pub("www.example.com") }, null, null),
        services: SERVICES,
      }),
    ).to.deep.equal([
      {
        path: ["edge", "hostedZoneId"],
        message:
          "is required: public services (api, web) need a Route 53 hosted zone for their certificates' validation and their DNS records",
      },
      {
        path: ["edge", "domain"],
        message: "is required with public services: the domain the hosted zone serves",
      },
    ]);
  });

  it("a public entry that is not a service is refused, listing the services (or none)", () => {
    expect(
      edgeIssues({ edge: edge({ ghost: pub("ghost.example.com") }), services: SERVICES }),
    ).to.deep.equal([
      {
        path: ["edge", "services", "ghost"],
        message: "is not a service of platform:services (api, web)",
      },
    ]);
    expect(
      edgeIssues({ edge: edge({ ghost: pub("ghost.example.com") }), services: {} }),
    ).to.deep.equal([
      {
        path: ["edge", "services", "ghost"],
        message: "is not a service of platform:services (none)",
      },
    ]);
  });

  it("a host must be a name under the domain: the domain itself or a look-alike is refused", () => {
    const outside = (host: string) => ({
      path: ["edge", "services", "api", "host"],
      message: `${host} is not inside platform:edge.domain example.com, so its certificate cannot be validated in the hosted zone`,
    });
    for (const host of ["api.other.org", "example.com", "badexample.com"])
      expect(
        edgeIssues({ edge: edge({ api: pub(host) }), services: SERVICES }),
        host,
      ).to.deep.equal([outside(host)]);
    expect(
      edgeIssues({ edge: edge({ api: pub("a.b.example.com") }), services: SERVICES }),
    ).to.deep.equal([]);
  });

  it("one host serves one service: a second service on it is refused at its host", () => {
    expect(
      edgeIssues({
        edge: edge({ api: pub("api.example.com"), web: pub("api.example.com") }),
        services: SERVICES,
      }),
    ).to.deep.equal([
      {
        path: ["edge", "services", "web", "host"],
        message: "api.example.com is also the host of api; one host serves one service",
      },
    ]);
  });

  it("CloudFront follows the service's own setting, else the environment's deletion protection", () => {
    expect([
      cdnOf({}, true),
      cdnOf({}, false),
      cdnOf({ cdn: false }, true),
      cdnOf({ cdn: true }, false),
    ]).to.deep.equal([true, false, false, true]);
  });
});

describe("the shipped example hosted zone is refused at deploy time", () => {
  const EXAMPLE = "Z0000000000EXAMPLE";
  const SHIPPED = `${EXAMPLE} is the shipped example zone; set your own Route 53 hosted zone id before deploying (plans and previews accept it)`;

  it("for public services and for an ACME issuer, each at its key", () => {
    expect(
      placeholderIssues({
        edge: edge({ api: pub("api.example.com") }, EXAMPLE),
        tls: { issuer: { kind: "acme", hostedZoneId: EXAMPLE } },
      }),
    ).to.deep.equal([
      { path: ["edge", "hostedZoneId"], message: SHIPPED },
      { path: ["tls", "issuer", "hostedZoneId"], message: SHIPPED },
    ]);
  });

  it("not where nothing uses it: no public service, or an issuer that is not ACME", () => {
    expect(
      placeholderIssues({
        edge: edge({}, EXAMPLE),
        tls: { issuer: { kind: "selfSigned", hostedZoneId: EXAMPLE } },
      }),
    ).to.deep.equal([]);
  });

  it("not for a zone of your own, nor an issuer without a zone", () => {
    expect(
      placeholderIssues({
        edge: edge({ api: pub("api.example.com") }),
        tls: { issuer: { kind: "acme" } },
      }),
    ).to.deep.equal([]);
  });
});
