// `next start` compresses pages but hands route-handler responses to the client as they are
// (measured: /api/fleet's 75 KB page went out uncompressed). JSON reads are compressed here.

/** Smaller bodies gain nothing worth the gzip header and the CPU. */
const MIN_BYTES = 1024;

/** `res` gzipped when the client accepts it and it is JSON worth compressing; otherwise `res`. */
export async function compressJson(req: Request, res: Response): Promise<Response> {
  const type = res.headers.get("content-type") ?? "";
  if (!type.startsWith("application/json") || res.headers.has("content-encoding") || !res.body) return res;
  if (!/\bgzip\b/.test(req.headers.get("accept-encoding") ?? "")) return res;
  const body = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  headers.append("vary", "accept-encoding");
  if (body.byteLength < MIN_BYTES) return new Response(body, { status: res.status, headers });
  const zipped = await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
  headers.set("content-encoding", "gzip");
  headers.delete("content-length");
  return new Response(zipped, { status: res.status, headers });
}
