import { z } from "zod";

/** `platform:tls`: the cluster-wide certificate issuer. */
export const tlsSchema = z
  .strictObject({
    issuer: z
      .discriminatedUnion(
        "kind",
        [
          z.strictObject({ kind: z.literal("selfSigned") }),
          z.strictObject({
            kind: z.literal("acme"),
            /** Address ACME expiry notices go to. */
            email: z
              .email("must be an e-mail address")
              .describe("Address ACME expiry notices go to"),
            /** ACME directory. Default: Let's Encrypt production. */
            server: z
              .url()
              .default("https://acme-v02.api.letsencrypt.org/directory")
              .describe("ACME directory URL"),
            /** Route 53 hosted zone that DNS-01 challenges are written to. */
            hostedZoneId: z
              .string()
              .regex(/^Z[A-Z0-9]{1,32}$/, "must be a Route 53 hosted zone id like Z0123456789ABC")
              .describe("Route 53 hosted zone for DNS-01 challenges"),
            /** Domain the hosted zone serves; limits which names the issuer solves for. */
            dnsZone: z
              .string()
              .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a DNS domain like example.com")
              .describe("Domain the issuer solves challenges for"),
          }),
        ],
        { error: 'kind must be "selfSigned" or "acme"' },
      )
      .describe("selfSigned, or acme with Route 53 DNS-01"),
  })
  .prefault({ issuer: { kind: "selfSigned" } })
  .describe(
    "Certificate issuer: { issuer: { kind: selfSigned } } or { issuer: { kind: acme, email, hostedZoneId, dnsZone } }",
  );
