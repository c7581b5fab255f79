/**
 * Builds a kubeconfig that authenticates with `aws eks get-token`, so no long-lived credential is
 * ever written to state: the token is minted per use from the caller's AWS identity.
 */
export function buildKubeconfig(
  clusterName: string,
  endpoint: string,
  caData: string,
  region: string,
): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: clusterName, cluster: { server: endpoint, "certificate-authority-data": caData } },
    ],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
    "current-context": clusterName,
    users: [
      {
        name: clusterName,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: [
              "eks",
              "get-token",
              "--cluster-name",
              clusterName,
              "--region",
              region,
              "--output",
              "json",
            ],
          },
        },
      },
    ],
  });
}
