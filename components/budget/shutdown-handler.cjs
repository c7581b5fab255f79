"use strict";
/**
 * The function the budget's shutdown notification triggers (Node.js 20 on Lambda, shipped as this
 * file unchanged, as `index.js`). For each Auto Scaling group in `NODE_GROUPS` (JSON
 * `[{"asg": name, "size": n}]`) it suspends scheduled actions, so the office-hours start cannot
 * undo it, and pins min, max and desired to the off-hours size, so the cluster autoscaler cannot
 * either. A person undoes it with `aws autoscaling resume-processes` and `pulumi up`.
 *
 * Plain CommonJS with no imports at load time, so the tests load this very file and run it with a
 * stand-in for the AWS SDK (`makeHandler`, `sdkApi`); only `handler` loads the SDK the Lambda
 * runtime ships.
 */

/**
 * Reads and checks the groups to pin.
 * @param {string | undefined} text the `NODE_GROUPS` variable.
 * @returns {{ asg: string, size: number }[]}
 */
function parseGroups(text) {
  let groups;
  try {
    groups = JSON.parse(text ?? "");
  } catch (e) {
    throw new Error(`NODE_GROUPS is not JSON: ${e.message}`);
  }
  if (!Array.isArray(groups) || groups.length === 0)
    throw new Error(
      `NODE_GROUPS must list at least one {asg, size}, got ${JSON.stringify(groups)}`,
    );
  for (const g of groups)
    if (!g || typeof g.asg !== "string" || g.asg === "" || !Number.isInteger(g.size) || g.size < 0)
      throw new Error(
        `NODE_GROUPS entry ${JSON.stringify(g)} must be {asg: name, size: a whole number >= 0}`,
      );
  return groups;
}

/**
 * The scaling calls over an AWS SDK v3 Auto Scaling module.
 * @param {any} sdk `@aws-sdk/client-auto-scaling` (or a stand-in with the same names).
 */
function sdkApi(sdk) {
  const client = new sdk.AutoScalingClient({});
  return {
    suspendScheduledActions: (asg) =>
      client.send(
        new sdk.SuspendProcessesCommand({
          AutoScalingGroupName: asg,
          ScalingProcesses: ["ScheduledActions"],
        }),
      ),
    pin: (asg, size) =>
      client.send(
        new sdk.UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: asg,
          MinSize: size,
          MaxSize: size,
          DesiredCapacity: size,
        }),
      ),
  };
}

/**
 * The handler over given scaling calls. Every group is tried even when one fails; a failure makes
 * the invocation fail afterwards (SNS retries it; the calls are idempotent) naming each group.
 * @param {{ suspendScheduledActions(asg: string): Promise<unknown>, pin(asg: string, size: number): Promise<unknown> }} api
 * @param {{ asg: string, size: number }[]} groups
 */
function makeHandler(api, groups) {
  return async (event) => {
    const applied = [];
    const failed = [];
    for (const { asg, size } of groups) {
      try {
        await api.suspendScheduledActions(asg);
        await api.pin(asg, size);
        applied.push({ asg, size });
      } catch (e) {
        failed.push(`${asg}: ${e && e.message ? e.message : String(e)}`);
      }
    }
    const records = Array.isArray(event && event.Records) ? event.Records.length : 0;
    console.log(JSON.stringify({ event: "budget-shutdown", applied, failed, records }));
    if (failed.length > 0)
      throw new Error(
        `budget shutdown could not pin ${failed.length} group(s): ${failed.join("; ")}`,
      );
    return applied;
  };
}

/** The Lambda entry point. */
async function handler(event) {
  const groups = parseGroups(process.env.NODE_GROUPS);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require("@aws-sdk/client-auto-scaling");
  return makeHandler(sdkApi(sdk), groups)(event);
}

module.exports = { handler, makeHandler, parseGroups, sdkApi };
