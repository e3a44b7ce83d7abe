import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config/env.js";

describe("configuration", () => {
  it("defaults to the embedded database and needs nothing else", () => {
    const config = parseConfig({});
    expect(config.database).toEqual({ kind: "pglite", dataDir: "./data" });
    expect(config).toMatchObject({
      port: 3000,
      defaultLocale: "en",
      reportingCurrency: "EUR",
      defaultTimezone: "UTC",
    });
    expect(config.slack.apiUrl).toBe("https://slack.com/api/");
  });

  it("reads the anonymity minimum for quotes: 5 unless set, a whole number of at least 2", () => {
    expect(parseConfig({}).anonymityMin).toBe(5);
    expect(parseConfig({ ANONYMITY_MIN: "8" }).anonymityMin).toBe(8);
    expect(() => parseConfig({ ANONYMITY_MIN: "1" })).toThrow(/ANONYMITY_MIN.*at least 2/);
    expect(() => parseConfig({ ANONYMITY_MIN: "five" })).toThrow(/ANONYMITY_MIN.*whole number/);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://u:p@h:5432/db" }).database).toEqual({
      kind: "postgres",
      url: "postgresql://u:p@h:5432/db",
    });
    expect(parseConfig({ DATABASE_URL: "" }).database.kind).toBe("pglite");
  });

  it("names every bad variable and says what is wrong", () => {
    let error: unknown;
    try {
      parseConfig({
        DATABASE_URL: "mysql://x",
        PORT: "eighty",
        DEFAULT_LOCALE: "fr",
        REPORTING_CURRENCY: "euros",
        DEFAULT_TIMEZONE: "Mars/Olympus",
        SLACK_BOT_TOKEN: "xoxp-fake",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/DATABASE_URL must start with postgresql:\/\//);
    expect(problems).toMatch(/PORT must be a port number/);
    expect(problems).toMatch(/DEFAULT_LOCALE must be en or es/);
    expect(problems).toMatch(/REPORTING_CURRENCY must be a three-letter ISO 4217 code/);
    expect(problems).toMatch(/DEFAULT_TIMEZONE must be an IANA time zone/);
    expect(problems).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
  });

  it("asks for the signing secret when a bot token comes without Socket Mode", () => {
    expect(() => parseConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-3" })).toThrow(/SLACK_SIGNING_SECRET is required/);
    expect(parseConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-3", SLACK_APP_TOKEN: "xapp-1-2" }).slack.appToken).toBe(
      "xapp-1-2",
    );
  });

  it("normalises the Slack API URL and the currency", () => {
    const config = parseConfig({ SLACK_API_URL: "http://127.0.0.1:9999/api", REPORTING_CURRENCY: "usd" });
    expect(config.slack.apiUrl).toBe("http://127.0.0.1:9999/api/");
    expect(config.reportingCurrency).toBe("USD");
  });
});

describe("MIN_SCORE_ANSWERS", () => {
  it("defaults to 10 and takes a whole number of at least 1", () => {
    expect(parseConfig({}).minScoreAnswers).toBe(10);
    expect(parseConfig({ MIN_SCORE_ANSWERS: "25" }).minScoreAnswers).toBe(25);
    expect(() => parseConfig({ MIN_SCORE_ANSWERS: "ten" })).toThrow(
      /MIN_SCORE_ANSWERS must be a whole number of answers/,
    );
    expect(() => parseConfig({ MIN_SCORE_ANSWERS: "0" })).toThrow(/MIN_SCORE_ANSWERS must be at least 1/);
  });
});
