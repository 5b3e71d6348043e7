import { createElement as h, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Breadcrumb } from "../breadcrumb";
import { DialogActions } from "../dialog-actions";
import { ErrorPanel } from "../error-panel";
import { Field, type FieldControl } from "../field";
import { SelectFilter } from "../select-filter";
import { EmptyRow, Table, Tbody, Td, Th, THead, Tr } from "../table";

const html = (node: ReactNode) => renderToStaticMarkup(node);

describe("Table", () => {
  it("every header has a scope: col, or row for a row header", () => {
    const out = html(
      h(
        Table,
        { caption: "Things" },
        h(THead, null, h(Th, null, "Name")),
        h(Tbody, null, h(Tr, null, h(Th, { row: true }, "a"), h(Td, null, "1"))),
      ),
    );
    expect(out).toContain('<caption class="sr-only">Things</caption>');
    expect(out).toMatch(/<th scope="col"[^>]*>Name<\/th>/);
    expect(out).toMatch(/<th scope="row"[^>]*>a<\/th>/);
    expect(out.match(/<th /g)).toHaveLength(2);
  });

  it("an empty table says so across every column", () => {
    expect(html(h(EmptyRow, { columns: 4, children: "No keys" }))).toContain('colSpan="4"');
  });
});

describe("Field", () => {
  it("labels its control, describes it by the hint and the error, and marks it invalid", () => {
    const out = html(
      h(Field, {
        id: "reason",
        label: "Reason",
        hint: "Why",
        error: "Too short",
        describedBy: "preview",
        children: (c: FieldControl) => h("input", c),
      }),
    );
    expect(out).toContain('<label for="reason">Reason</label>');
    expect(out).toContain('aria-invalid="true"');
    expect(out).toContain('aria-describedby="reason-hint preview reason-err"');
    expect(out).toContain('<span id="reason-err"');
  });

  it("without an error the control is neither invalid nor described by one", () => {
    const out = html(h(Field, { id: "email", label: "Email", children: (c: FieldControl) => h("input", c) }));
    expect(out).not.toContain("aria-invalid");
    expect(out).not.toContain("aria-describedby");
  });
});

describe("SelectFilter", () => {
  it("a labelled select whose first option filters nothing", () => {
    const out = html(
      h(SelectFilter, { id: "f", label: "State", anyLabel: "Any", options: [{ value: "ok", label: "OK" }], defaultValue: "" }),
    );
    expect(out).toContain('<label for="f">State</label>');
    expect(out).toMatch(/<select id="f"[^>]*><option value="" selected="">Any<\/option><option value="ok">OK<\/option><\/select>/);
  });
});

describe("DialogActions", () => {
  it("while pending both buttons are disabled and the primary is busy", () => {
    const out = html(h(DialogActions, { cancelLabel: "Cancel", onCancel: () => {}, confirmLabel: "Open", pending: true }));
    expect(out).toMatch(/<button type="button" class="btn-secondary" disabled="">Cancel<\/button>/);
    expect(out).toMatch(/<button type="submit" class="btn-primary" disabled="" aria-busy="true">Open<\/button>/);
  });
});

describe("Breadcrumb", () => {
  it("is a navigation named by its label; the last crumb is the current page", () => {
    const out = html(
      h(Breadcrumb, {
        label: "Breadcrumb",
        items: [
          { label: "Instances", href: "/instances" },
          { label: "aic-1", mono: true },
        ],
      }),
    );
    expect(out).toContain('<nav aria-label="Breadcrumb"');
    expect(out).toMatch(/<a [^>]*href="\/instances"[^>]*>Instances<\/a>/);
    expect(out).toMatch(/<span aria-current="page"[^>]*>aic-1<\/span>/);
  });
});

describe("ErrorPanel", () => {
  it("an alert with the code, message, detail and RequestId", () => {
    const out = html(h(ErrorPanel, { title: "Failed", error: { code: "Ens.X", message: "no", detail: "why", requestId: "R-1" } }));
    expect(out).toContain('role="alert"');
    expect(out).toContain("Failed");
    expect(out).toMatch(/Ens\.X<\/span>: no/);
    expect(out).toContain("why");
    expect(out).toContain("RequestId <span");
  });
});
