"use server";

import { shareImageSpec } from "../images/actions";
import { action } from "./action";

export const shareImage = action(shareImageSpec);
