import type { Locale } from "../domain/locale.js";

/** "Mon 23 Mar 2026, 09:00 (Europe/Madrid)": an instant as the meeting's attendees read it. */
export function meetingTime(at: Date, timeZone: string, locale: Locale): string {
  const text = at.toLocaleString(locale === "es" ? "es-ES" : "en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return `${text} (${timeZone})`;
}
