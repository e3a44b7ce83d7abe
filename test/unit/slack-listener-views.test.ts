import { ErrorCode } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { digestSlackTexts } from "../../src/slack/features/digest/texts.js";
import { readWhyValue } from "../../src/slack/features/digest/values.js";
import { subjectOptions } from "../../src/slack/features/lookup/blocks.js";
import { lookupTexts } from "../../src/slack/features/lookup/texts.js";
import { tokensAnswer } from "../../src/slack/features/tokens/blocks.js";
import { tokensTexts } from "../../src/slack/features/tokens/texts.js";
import { classifyListenerError } from "../../src/slack/listeners/errors.js";

// The small pure pieces the digest, lookup, tokens and error listeners hand their work to.

const keys = (o: object) => Object.keys(o).sort();

describe("feature texts", () => {
  it("have the same keys in English and Spanish", () => {
    for (const texts of [digestSlackTexts, lookupTexts, tokensTexts])
      expect(keys(texts.es)).toEqual(keys(texts.en));
  });
});

describe("the digest's why button value", () => {
  it("reads back what the digest wrote, and refuses anything else", () => {
    const value = JSON.stringify({ s: null, f: "2026-03-01T00:00:00.000Z", t: "2026-03-08T00:00:00.000Z" });
    expect(readWhyValue(value)).toEqual({
      segmentId: null,
      from: new Date("2026-03-01T00:00:00.000Z"),
      to: new Date("2026-03-08T00:00:00.000Z"),
    });
    expect(readWhyValue(undefined)).toBeNull();
    expect(readWhyValue("not json")).toBeNull();
    expect(readWhyValue(JSON.stringify({ s: "x", f: "a", t: "b" }))).toBeNull();
  });
});

describe("picker options", () => {
  const found = {
    customers: [{ id: "c1", name: "A".repeat(100), segmentName: "SMB" }],
    segments: [{ id: "s1", name: "SMB" }],
  } as never;

  it("cut labels to Slack's 75 characters and group both kinds in the person's language", () => {
    const one = subjectOptions(found, { customers: true, segments: false }, "en") as {
      options: Array<{ text: { text: string }; value: string }>;
    };
    expect(one.options[0]?.text.text).toHaveLength(75);
    expect(one.options[0]?.value).toBe("customer:c1");
    const both = subjectOptions(found, { customers: true, segments: true }, "es") as {
      option_groups: Array<{ label: { text: string } }>;
    };
    expect(both.option_groups.map((g) => g.label.text)).toEqual(["Segmentos", "Clientes"]);
  });
});

describe("/cx tokens answers", () => {
  it("say each refusal with the name given", () => {
    expect(tokensAnswer({ kind: "refused", reason: "not_found" }, "crm", "en")).toBe(
      tokensTexts.en.notFound("crm"),
    );
    expect(tokensAnswer({ kind: "list", tokens: [] }, "", "es")).toBe(tokensTexts.es.none);
  });
});

describe("app.error's classification", () => {
  it("tells Slack's refusals and a missing installation apart from bugs", () => {
    const platform = Object.assign(new Error("x"), {
      original: { code: "slack_webapi_platform_error", data: { error: "channel_not_found" } },
    });
    expect(classifyListenerError(platform)).toEqual({
      level: "warn",
      message: "Slack refused a call: channel_not_found",
    });
    const auth = Object.assign(new Error("no installation"), { code: ErrorCode.AuthorizationError });
    expect(classifyListenerError(auth, { oauth: true })).toMatchObject({ level: "warn", rethrow: true });
    expect(classifyListenerError(auth).rethrow).toBeUndefined();
    expect(classifyListenerError(new Error("bug"))).toMatchObject({
      message: "Unhandled error in a listener",
    });
  });
});
