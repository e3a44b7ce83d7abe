import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../src/config/env.js";

describe("operations configuration", () => {
  it("leaves the log format to the terminal check and /metrics open by default", () => {
    const config = parseConfig({});
    expect(config.logFormat).toBeUndefined();
    expect(config.metricsToken).toBeUndefined();
  });

  it("takes LOG_FORMAT and METRICS_TOKEN", () => {
    const config = parseConfig({ LOG_FORMAT: "json", METRICS_TOKEN: "metrics-token-0123456789" });
    expect(config).toMatchObject({ logFormat: "json", metricsToken: "metrics-token-0123456789" });
  });

  it("says what is wrong with a bad format or a short token", () => {
    let error: unknown;
    try {
      parseConfig({ LOG_FORMAT: "xml", METRICS_TOKEN: "short" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "LOG_FORMAT must be json or pretty",
      "METRICS_TOKEN must be at least 16 characters (it guards /metrics)",
    ]);
  });
});
