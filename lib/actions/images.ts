"use server";

import { ens } from "@/lib/ens";
import { shareImageSpec } from "@/lib/images/share";
import { action } from "./action";

/** Shares an AIC image with up to 100 account UIDs, sent to ENS in batches of 10. */
export const shareImage = action(shareImageSpec(() => ens()));
