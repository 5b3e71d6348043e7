import "server-only";
import type { EnsClient } from "../ens";
import { isEnsError, mayHaveBeenApplied } from "../ens/errors";
import { ConsoleError, toActionError, wordsOrText, type MessageWords } from "../errors";
import type { ShareImageInput } from "./schema";
import { chunk, ENS_SHARE_BATCH } from "./uid";
import type { ShareBatchResult, ShareOutcome } from "./view";

/**
 * Shares with every UID, at most ENS_SHARE_BATCH per ENS call. Every batch is tried even when an
 * earlier one failed, so the result says exactly who received the image.
 */
async function shareInBatches(client: EnsClient, imageId: string, users: readonly string[]): Promise<ShareOutcome> {
  const batches: ShareBatchResult[] = [];
  for (const group of chunk(users, ENS_SHARE_BATCH)) {
    try {
      const res = await client.shareAicImage({ ImageId: imageId, Users: group });
      batches.push({ users: group, ok: true, requestId: res.RequestId });
    } catch (e) {
      const err = toActionError(e);
      const uncertain = isEnsError(e) && mayHaveBeenApplied(e);
      batches.push({
        users: group,
        ok: false,
        code: err.code,
        message: err.message,
        requestId: err.requestId,
        ...(uncertain ? { uncertain } : {}),
      });
    }
  }
  const shared = batches.filter((b) => b.ok).reduce((n, b) => n + b.users.length, 0);
  return { imageId, total: users.length, shared, failed: users.length - shared, batches };
}

function failureOf(outcome: ShareOutcome): ConsoleError {
  const failed = outcome.batches.filter((b) => !b.ok);
  const first = failed[0];
  // If any batch may have gone through, who has the image is not known: the log says `unknown`.
  const detail = { details: outcome, requestId: first.requestId, uncertain: failed.some((b) => b.uncertain) };
  const perBatch = outcome.batches.map((b, i) => `batch ${i + 1}: ${b.ok ? "shared" : b.code}`).join("; ");
  if (outcome.shared === 0 && failed.every((b) => b.code === first.code)) {
    // Every batch failed the same way: surface the ENS code itself (e.g. NoPermission).
    const count = outcome.batches.length;
    const said = wordsOrText(first.code!, first.message!);
    const words: MessageWords | undefined =
      count > 1 ? { key: "share.sameFailure", values: { message: said, count } } : typeof said === "string" ? undefined : said;
    return new ConsoleError(first.code!, `${first.message}${count > 1 ? ` (all ${count} batches)` : ""}`, false, { ...detail, words });
  }
  const code = outcome.shared === 0 ? "Console.ShareFailed" : "Console.PartialShare";
  const lead =
    outcome.shared === 0
      ? `Not shared with any of the ${outcome.total} user IDs.`
      : `Shared with ${outcome.shared} of ${outcome.total} user IDs; ${outcome.failed} were not shared.`;
  const batches = outcome.batches.map((b, i): MessageWords =>
    b.ok ? { key: "share.batchShared", values: { n: i + 1 } } : { key: "share.batchFailed", values: { n: i + 1, code: b.code! } },
  );
  const { total, shared, failed: notShared } = outcome;
  const words: MessageWords =
    shared === 0
      ? { key: "share.none", values: { total, batches } }
      : { key: "share.partial", values: { shared, total, failed: notShared, batches } };
  return new ConsoleError(code, `${lead} ${perBatch}.`, false, { ...detail, words });
}

/**
 * Shares an image with up to 100 account UIDs, ENS_SHARE_BATCH per ENS call. A partial success is
 * a failure for the audit log and the caller: the ConsoleError carries the per-batch result in
 * `details`, and is `unknown` when a failed batch may have gone through.
 */
export async function shareImage(client: EnsClient, input: ShareImageInput): Promise<ShareOutcome> {
  const outcome = await shareInBatches(client, input.imageId, input.users);
  if (outcome.failed > 0) throw failureOf(outcome);
  return outcome;
}
