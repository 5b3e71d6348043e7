"use server";

import { ens } from "../ens";
import { adoptLoginSpec, extendLoginSpec } from "../logins/actions";
import { action } from "./action";

/** Moves a held login's expiry, by minutes or to a time (at most 24 h from now). */
export const extendLogin = action(extendLoginSpec);
/** Takes a login opened outside the console under its care, with a reason and an expiry. */
export const adoptLogin = action(adoptLoginSpec(() => ens()));
