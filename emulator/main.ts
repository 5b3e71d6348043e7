// `npm run emulator`: start the ENS emulator from environment variables (see README.md).
import { optionsFromEnv } from "./env";
import { DEMO_ACCESS_KEY, startEmulator } from "./server";

async function main(): Promise<void> {
  const options = optionsFromEnv();
  const emulator = await startEmulator(options);
  const fleet = (options.servers ?? 0) * (options.aicsPerServer ?? 0);
  console.log(`ENS emulator listening on ${emulator.url}`);
  console.log(`  SDK Config.endpoint: ${emulator.endpoint} (protocol HTTP, API version 2017-11-10)`);
  console.log(`  fleet: ${options.servers} servers × ${options.aicsPerServer} AIC = ${fleet} instances, seed ${options.seed}`);
  console.log(`  latency ${options.latencyMs} ms, throttle ${options.qps || "unlimited"} qps per AccessKey+action`);
  for (const key of options.accessKeys ?? []) {
    const demo = key.id === DEMO_ACCESS_KEY.id ? " (demo key; its secret is in emulator/README.md)" : "";
    const limited = key.allowedActions ? ` limited to ${key.allowedActions.join(", ")}` : "";
    console.log(`  AccessKey id: ${key.id}${demo}${limited}`);
  }
  console.log(`  control endpoints: ${emulator.url}/__emulator/{calls,faults,reset,state}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping the ENS emulator`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e) => {
  console.error("ENS emulator failed to start:", e instanceof Error ? e.message : e);
  process.exit(1);
});
