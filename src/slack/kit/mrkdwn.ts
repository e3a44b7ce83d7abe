// Text people typed (names, notes, commands) goes into mrkdwn quoted, so it can neither format
// nor mention: Slack's own three escapes, nothing more.

/** Quote text inside mrkdwn without letting it format or mention (&, <, >). */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
