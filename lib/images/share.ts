import "server-only";
import type { EnsClient } from "@/lib/ens";
import { isEnsError, mayHaveBeenApplied } from "@/lib/ens/errors";
import type { ActionSpec } from "../action-spec";
import { ConsoleError, toActionError, wordsOrText, type MessageWords } from "@/lib/errors";
import { chunk, ENS_SHARE_BATCH, shareImageSchema } from "@/lib/validation/share-image";
import type { ShareBatchResult, ShareOutcome } from "./share-types";

export type { ShareBatchResult, ShareOutcome } from "./share-types";

/**
 * Shares with every UID, at most ENS_SHARE_BATCH per ENS call. Every batch is tried even when an
 * earlier one failed, so the result says exactly who received the image.
 */
export async function shareInBatches(client: EnsClient, imageId: string, users: readonly string[]): Promise<ShareOutcome> {
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
 * The `image.share` action. A partial success is a failure for the audit log and the caller:
 * the error carries the per-batch result in `details`.
 */
export function shareImageSpec(client: () => EnsClient): ActionSpec<typeof shareImageSchema, ShareOutcome> {
  return {
    name: "image.share",
    permission: "images.share",
    input: shareImageSchema,
    audit: "operation",
    target: (input) => ({ type: "image", id: input.imageId }),
    auditParams: (input) => ({ imageId: input.imageId, users: input.users, batches: Math.ceil(input.users.length / ENS_SHARE_BATCH) }),
    // Every batch with its user IDs and RequestId; on a failure, the error's details carry the same.
    auditResult: (outcome) => outcome,
    async handler(input, ctx) {
      const outcome = await shareInBatches(client(), input.imageId, input.users);
      if (outcome.failed > 0) throw failureOf(outcome);
      ctx.setEnsRequestId(outcome.batches.at(-1)?.requestId);
      return outcome;
    },
  };
}
