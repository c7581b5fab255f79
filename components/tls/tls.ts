import * as k8s from "@pulumi/kubernetes";
import { CertManager } from "@pulumi/kubernetes-cert-manager";
import * as pulumi from "@pulumi/pulumi";
import { addonResources } from "../../model/capacity/addons";
import { createIrsaRole, OidcIdentity } from "../shared/irsa";
import { systemPodPlacement } from "../nodegroups/placement";
import { ChartRef, IRSA_ANNOTATION } from "../shared/helm";
import { podSecurityLabels } from "../shared/labels";
import { CERT_MANAGER_NAMESPACE, clusterIssuerManifest, dns01Policy, IssuerConfig } from "./issuer";

/** Arguments of {@link Tls}. */
export interface TlsArgs {
  issuer: IssuerConfig;
  region: string;
  oidc: OidcIdentity;
  chart: ChartRef;
  provider: k8s.Provider;
}

const NAMESPACE = CERT_MANAGER_NAMESPACE;

/** cert-manager and the environment's ClusterIssuer (ACME with Route 53 DNS-01, or self-signed). */
export class Tls extends pulumi.ComponentResource {
  readonly issuerName: pulumi.Output<string>;

  constructor(name: string, args: TlsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:tls:Tls", name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };
    const ns = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: NAMESPACE, labels: podSecurityLabels("baseline") } },
      k8sOpts,
    );

    const acme = args.issuer.kind === "acme" ? args.issuer : undefined;
    const role = acme
      ? createIrsaRole(
          `${name}-dns01-irsa`,
          {
            oidc: args.oidc,
            namespace: NAMESPACE,
            serviceAccount: "cert-manager",
            policy: dns01Policy(acme.hostedZoneId),
          },
          { parent: this },
        )
      : undefined;
    const placement = systemPodPlacement();
    // The package types nodeSelector as a core/v1 NodeSelector, but the chart takes a label map.
    const nodeSelector = placement.nodeSelector as unknown as k8s.types.input.core.v1.NodeSelector;

    const certManager = new CertManager(
      `${name}-cert-manager`,
      {
        installCRDs: true,
        // A fixed release name: its objects are then `cert-manager`, `cert-manager-webhook`, ...
        helmOptions: { name: "cert-manager", namespace: NAMESPACE, version: args.chart.version },
        serviceAccount: {
          name: "cert-manager",
          annotations: role ? { [IRSA_ANNOTATION]: role.arn } : {},
        },
        // The projected IRSA token is only readable with an fsGroup set; this replaces the chart's
        // pod securityContext, so its seccomp profile is repeated.
        securityContext: {
          fsGroup: 1001,
          runAsNonRoot: true,
          seccompProfile: { type: "RuntimeDefault" },
        },
        nodeSelector,
        tolerations: placement.tolerations,
        resources: addonResources("cert-manager"),
        webhook: {
          nodeSelector: placement.nodeSelector,
          tolerations: placement.tolerations,
          resources: addonResources("cert-manager-webhook"),
        },
        cainjector: {
          nodeSelector: placement.nodeSelector,
          tolerations: placement.tolerations,
          resources: addonResources("cert-manager-cainjector"),
        },
      },
      { ...k8sOpts, dependsOn: [ns] },
    );

    const manifest = clusterIssuerManifest(args.issuer, args.region);
    const issuer = new k8s.apiextensions.CustomResource(
      `${name}-issuer`,
      manifest as unknown as k8s.apiextensions.CustomResourceArgs,
      { ...k8sOpts, dependsOn: [certManager] },
    );
    this.issuerName = issuer.metadata.name;
    this.registerOutputs({ issuerName: this.issuerName });
  }
}
