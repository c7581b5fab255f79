import { runProgram } from "./scripts/lib/program";
(async () => {
  for (const stack of ["dev", "staging", "prod"]) {
    try {
      const r = await runProgram({ stack });
      const mine = r.resources.filter(
        (x) =>
          /HorizontalPodAutoscaler|ScaledObject|PriorityClass|PodDisruptionBudget|helm.sh/.test(
            x.type,
          ) || x.type.startsWith("platform:workloads"),
      );
      console.log(stack, r.resources.length, mine.map((m) => `${m.type}:${m.name}`).join("\n  "));
      console.log(JSON.stringify(r.outputs.workloadBounds), JSON.stringify(r.outputs.plannedNodes));
    } catch (e) {
      console.log(stack, "FAIL", (e as Error).message.slice(0, 2000));
    }
  }
})();
