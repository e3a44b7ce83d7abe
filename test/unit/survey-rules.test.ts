import { describe, expect, it } from "vitest";
import { signNonce, verifyNonce } from "../../src/domain/anonymous-token.js";
import { alertDestinations, raisesAlert } from "../../src/domain/closing-the-loop.js";
import { defaultQuestion, questionFor } from "../../src/domain/survey-questions.js";

describe("closing the loop", () => {
  it("alerts on NPS detractors (0–6) and CSAT 1–2 only", () => {
    expect([0, 6, 7, 10].map((s) => raisesAlert("nps", s))).toEqual([true, true, false, false]);
    expect([1, 2, 3, 5].map((s) => raisesAlert("csat", s))).toEqual([true, true, false, false]);
    expect(raisesAlert("ces", 1)).toBe(false);
  });

  it("sends alerts to the owner, then the alert channel, then the sender", () => {
    expect(alertDestinations({ ownerSlackUserId: "UO", alertChannel: "CA", surveySender: "US" })).toEqual([
      { kind: "dm", userId: "UO", role: "owner" },
      { kind: "channel", channelId: "CA" },
      { kind: "dm", userId: "US", role: "sender" },
    ]);
    expect(
      alertDestinations({ ownerSlackUserId: null, alertChannel: undefined, surveySender: null }),
    ).toEqual([]);
  });
});

describe("default questions", () => {
  it("reach each reader in their language while the sender kept the default", () => {
    expect(questionFor(defaultQuestion("nps", "en"), "nps", "es")).toBe(defaultQuestion("nps", "es"));
    expect(questionFor("Did we fix it?", "nps", "es")).toBe("Did we fix it?");
  });
});

describe("anonymous tokens", () => {
  it("verify only for the survey and nonce they were signed for", () => {
    const nonce = "abcdefghijklmnopqrstuv";
    const sig = signNonce("s1", nonce, "secret");
    expect(verifyNonce("s1", nonce, sig, "secret")).toBe(true);
    expect(verifyNonce("s2", nonce, sig, "secret")).toBe(false);
    expect(verifyNonce("s1", "bbcdefghijklmnopqrstuv", sig, "secret")).toBe(false);
    expect(verifyNonce("s1", nonce, sig, "other")).toBe(false);
    expect(verifyNonce("s1", nonce, "short", "secret")).toBe(false);
  });
});
