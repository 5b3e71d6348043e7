"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { floorToggle } from "./floor-action";

/** The same client path as a login switch (react-query mutation → server action), without the console's work. */
export function FloorSwitch() {
  const [open, setOpen] = useState(true);
  const m = useMutation({
    mutationFn: (next: boolean) => floorToggle(next),
    onMutate: (next) => setOpen(next),
    onSuccess: (r) => setOpen(r.data.open),
  });
  return (
    <button
      type="button"
      role="switch"
      aria-checked={open}
      aria-label="Login for floor"
      aria-busy={m.isPending || undefined}
      disabled={m.isPending}
      onClick={() => m.mutate(!open)}
    >
      {m.isPending ? "Updating…" : open ? "open" : "closed"}
    </button>
  );
}
