import { at, label, T } from "../lib/read";
import { Rule, schema } from "../lib/types";

export const imdsv2Required: Rule = {
  name: "imdsv2-required",
  description:
    "Checks whether every launch template and EC2 instance requires IMDSv2 (session tokens) for the instance metadata service.",
  configSchema: schema({}),
  validateResource: (args, report) => {
    if (args.type !== T.launchTemplate && args.type !== T.ec2Instance) return;
    const tokens = at(args.props, "metadataOptions.httpTokens");
    if (tokens !== "required")
      report(
        `${label(args)}: metadataOptions.httpTokens is ${JSON.stringify(tokens ?? "unset")}, not "required" (IMDSv2)`,
      );
  },
};
