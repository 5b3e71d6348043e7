// Worker-thread host for the benchmark's emulator: the emulator stands in for a remote service, so
// its JSON encoding and signature checks must not compete with the client for one event loop.
import { parentPort, workerData } from "node:worker_threads";
import { startEmulator, type EmulatorOptions } from "../emulator/server";

const emu = await startEmulator(workerData as EmulatorOptions);
parentPort!.postMessage({ url: emu.url, endpoint: emu.endpoint, port: emu.port });
parentPort!.once("message", async () => {
  await emu.close();
  parentPort!.postMessage("closed");
});
