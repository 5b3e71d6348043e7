import "server-only";
import type { ActionSpec } from "../action-spec";
import { shareImageInput } from "./schema";
import { shareImage } from "./share-image";
import { requireDirect } from "../policy/policy";
import { ENS_SHARE_BATCH } from "./uid";
import type { ShareOutcome } from "./view";

// The spec of the image action: lib/actions/images.ts binds it to the wrapper in one line.

/** Shares an AIC image with up to 100 account UIDs, sent to ENS in batches of 10. */
export const shareImageSpec = {
  name: "image.share",
  input: shareImageInput,
  audit: "operation",
  target: (input) => ({ type: "image", id: input.imageId }),
  auditParams: (input) => ({ imageId: input.imageId, users: input.users, batches: Math.ceil(input.users.length / ENS_SHARE_BATCH) }),
  // Every batch with its user IDs and RequestId; on a failure, the error's details carry the same.
  auditResult: (outcome) => outcome,
  handler: async (input, ctx) => {
    await requireDirect(ctx.db, ctx.user.role, "share");
    const outcome = await shareImage(ctx.ens(), input);
    ctx.setEnsRequestId(outcome.batches.at(-1)?.requestId);
    return outcome;
  },
} satisfies ActionSpec<typeof shareImageInput, ShareOutcome>;
