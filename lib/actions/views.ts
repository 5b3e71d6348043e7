"use server";

import { deleteViewSpec, renameViewSpec, saveViewSpec } from "../views/actions";
import { action } from "./action";

export const saveView = action(saveViewSpec);
export const renameView = action(renameViewSpec);
export const deleteView = action(deleteViewSpec);
