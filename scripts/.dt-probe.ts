import { runProgram } from "./lib/program";
(async () => {
  for (const stack of ["dev", "prod"]) {
    const t0 = Date.now();
    const r = await runProgram({ stack });
    const mine = r.resources.filter((x) => /rds|elasticache|mq\/|kubernetes:|random|platform:database|platform:cache|platform:queue|kms/.test(x.type));
    console.log(stack, Date.now() - t0, "ms", r.resources.length, "resources");
    for (const x of mine) console.log("  ", x.type, x.name, x.protect ? "PROTECT" : "", x.secretPaths.join(","));
    console.log(JSON.stringify(r.outputs, null, 0).slice(0, 3000), r.secretOutputs);
  }
})().catch((e) => { console.error("FAIL", e); process.exit(1); });
