"use server";

import { deletePersonalKeySpec, uploadPersonalKeySpec } from "../personal-keys/actions";
import { action } from "./action";

export const uploadPersonalKey = action(uploadPersonalKeySpec);
export const deletePersonalKey = action(deletePersonalKeySpec);
