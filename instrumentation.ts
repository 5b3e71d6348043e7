export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnBadConfig, startConsole } = await import("./lib/startup");
  exitOnBadConfig(); // first: a bad value stops the start here, naming the variable
  const { appendPeerAddress } = await import("./lib/auth/request-info");
  await appendPeerAddress();
  await startConsole();
}
