import {
  ALB_ANNOTATION_PREFIX,
  DISTRIBUTION,
  ENDPOINT_TAG,
  INGRESS,
  WEB_ACL,
} from "../../model/cost";
import { at, label, ofType } from "../lib/read";
import { Rule, schema } from "../lib/types";

const A = (key: string) => `${ALB_ANNOTATION_PREFIX}/${key}`;

/** Whether a web ACL has a per-client rate-based rule with a positive limit. */
function hasRateLimit(acl: { props: Record<string, unknown> }): boolean {
  const rules = (at(acl.props, "rules") as unknown[] | undefined) ?? [];
  return rules.some((r) => {
    const limit = at(r, "statement.rateBasedStatement.limit");
    return typeof limit === "number" ? limit > 0 : limit !== undefined;
  });
}

export const publicEndpointProtected: Rule = {
  name: "public-endpoint-protected",
  description:
    "Checks whether every public endpoint (an internet-facing ALB Ingress, a CloudFront distribution) has TLS with HTTP redirected to HTTPS, a WAF web ACL, and a per-client rate limit in a web ACL on its path.",
  configSchema: schema({}),
  validateStack: (args, report) => {
    const acls = ofType(args.resources, WEB_ACL);
    for (const ing of ofType(args.resources, INGRESS)) {
      const ann = (at(ing.props, "metadata.annotations") ?? {}) as Record<string, unknown>;
      if (ann[A("scheme")] !== "internet-facing") continue;
      const what = label(ing);
      // Keys are checked, not values: an ARN is not known yet in a preview.
      const ports = String(ann[A("listen-ports")] ?? "");
      if (!(A("certificate-arn") in ann) || !/HTTPS/.test(ports))
        report(
          `${what}: internet-facing without TLS (no ${A("certificate-arn")} on an HTTPS listener)`,
        );
      else if (ann[A("ssl-redirect")] === undefined)
        report(`${what}: plain HTTP is served; set ${A("ssl-redirect")} to redirect it to HTTPS`);
      if (!(A("wafv2-acl-arn") in ann))
        report(`${what}: internet-facing without a WAF web ACL (${A("wafv2-acl-arn")})`);
      const meta = ing.props.metadata as { name?: string; namespace?: string };
      const endpoint = `${meta.namespace ?? "default"}/${meta.name}`;
      const linked = acls.filter(
        (a) =>
          at(a.props, "tags") &&
          (a.props.tags as Record<string, unknown>)[ENDPOINT_TAG] === endpoint,
      );
      if (!linked.some(hasRateLimit))
        report(
          `${what}: no rate limit: no web ACL tagged ${ENDPOINT_TAG}=${endpoint} has a rate-based rule`,
        );
    }
    for (const d of ofType(args.resources, DISTRIBUTION)) {
      const what = label(d);
      const policy = at(d.props, "defaultCacheBehavior.viewerProtocolPolicy");
      if (policy !== "redirect-to-https" && policy !== "https-only")
        report(`${what}: viewers may use plain HTTP (viewerProtocolPolicy ${String(policy)})`);
      if (at(d.props, "viewerCertificate.cloudfrontDefaultCertificate") === true)
        report(`${what}: serves the default *.cloudfront.net certificate, not one for its hosts`);
      if (!("webAclId" in d.props)) report(`${what}: no WAF web ACL (webAclId)`);
    }
  },
};
