"use server";

import { deleteKeySpec, uploadKeySpec } from "../keys/actions";
import { action } from "./action";

export const uploadKey = action(uploadKeySpec);
export const deleteKey = action(deleteKeySpec);
