/**
 * A new AWS environment `qa` in another region (eu-west-1, which ships no pricing table), with
 * only the settings the schema requires: what adding an environment starts from.
 */
export const QA_STACK = `
config:
  platform:aws:
    region: eu-west-1
  platform:tags:
    owner: data-team
    costCentre: cc-qa
  platform:network:
    cidr: 10.99.0.0/18
    zones: 3
    natGateways: single
    subnetPrefixLength: { public: 24, private: 21, data: 24 }
  platform:cluster:
    version: "1.36"
  platform:deploy:
    from: vpc
    repository: https://github.com/example-org/platform
  platform:nodeGroups:
    core:
      role: system
      capacityType: on-demand
      instanceTypes: [t3.medium]
      # One per zone: the planner sizes the system tier for the add-ons' requests (3 here).
      minSize: 3
      maxSize: 3
    web:
      role: application
      capacityType: spot
      instanceTypes: [c6i.large, c6a.large, c5.large, c7i.large]
      minSize: 1
      maxSize: 4
`;
