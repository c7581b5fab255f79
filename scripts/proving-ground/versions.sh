# Pinned versions of everything the proving ground builds or takes CRDs from: the one place to
# bump them. Sourced by pin.sh (which writes module/go.mod from them) and ensure.sh (which checks
# that go.mod still agrees, and names the cache folder after KUBERNETES_VERSION); read by
# scripts/proving-ground/paths.ts. Every version below was checked to be served by the Go module
# proxy on 2026-12-01.

# Kubernetes: the newest v1.36 patch the proxy serves (v1.36.6 and later answer 403). Every staging
# module (k8s.io/api, client-go, apiserver, …) is replaced by its published v0.36.5 release.
KUBERNETES_VERSION=v1.36.5
# etcd: v3.7.3, the newest served; the same minor as the etcd client KEDA v2.21 requires, so one
# module graph holds both (k8s v1.36 itself asks for v3.6.8, which MVS lifts to v3.7.x anyway).
ETCD_VERSION=v3.7.3
# kwok (the kubelet stand-in): v0.8.0 is built against k8s.io v0.36 (v0.8.1 and v0.9.0: 403).
KWOK_VERSION=v0.8.0
# metrics-server: v0.9.0 is built against k8s.io v0.36 (v0.8.0 against v0.33).
METRICS_SERVER_VERSION=v0.9.0
# KEDA: v2.21.0, the newest served, built against k8s.io v0.36 (v2.21.1 and v2.22.0: 403).
KEDA_VERSION=v2.21.0

# CRDs of controllers the proving ground does not run, taken from the YAML their Go modules ship.
# prometheus-operator v0.83.0 is what kube-prometheus-stack 75.x (platform:monitoring pins 75.8.1)
# runs: the chart moved to it in June 2025 (prometheus-community/helm-charts#5765);
# cert-manager's module version equals its chart version (platform:charts.certManager).
PROMETHEUS_OPERATOR_VERSION=v0.83.0
CERT_MANAGER_VERSION=v1.17.2
