import { at, label, T } from "../lib/read";
import { Rule, schema } from "../lib/types";

const MODES = ["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"];

export const mqDeploymentMode: Rule = {
  name: "mq-deployment-mode",
  description:
    "Checks whether every Amazon MQ broker uses a deployment mode the environment allows (prod: the 3-node CLUSTER_MULTI_AZ).",
  configSchema: schema({
    allowedModes: {
      type: "array",
      items: { type: "string", enum: MODES },
      minItems: 1,
      default: MODES,
      description: "Deployment modes allowed (default both)",
    },
  }),
  validateResource: (args, report) => {
    if (args.type !== T.mq) return;
    const { allowedModes } = args.getConfig<{ allowedModes: string[] }>();
    const mode = (at(args.props, "deploymentMode") as string | undefined) ?? "SINGLE_INSTANCE";
    if (!allowedModes.includes(mode))
      report(
        `${label(args)}: deploymentMode ${mode} is not allowed here; allowed: ${allowedModes.join(", ")}`,
      );
  },
};
