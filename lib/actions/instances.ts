"use server";

import { ens } from "../ens";
import { setLoginSpec } from "../logins/set-login";
import { action } from "./action";

/** Opens or closes login on one AIC instance; the state returned is read back from ENS. */
export const setLogin = action(setLoginSpec(() => ens()));
