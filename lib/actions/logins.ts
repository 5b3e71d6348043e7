"use server";

import { adoptLoginSpec, extendLoginSpec, setLoginSpec } from "../logins/actions";
import { action } from "./action";

export const setLogin = action(setLoginSpec);
export const extendLogin = action(extendLoginSpec);
export const adoptLogin = action(adoptLoginSpec);
