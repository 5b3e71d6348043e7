export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { appendPeerAddress } = await import("./lib/auth/request-info");
  await appendPeerAddress();
  const { startConsole } = await import("./lib/startup");
  await startConsole();
}
