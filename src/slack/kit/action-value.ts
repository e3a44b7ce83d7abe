// What a click carries, whatever element it came from.

/** A button's value, or the value of the option chosen in a menu (overflow, select); undefined if none. */
export function actionValue(action: unknown): string | undefined {
  const a = action as { value?: unknown; selected_option?: { value?: unknown } | null };
  const value = a.value ?? a.selected_option?.value;
  return typeof value === "string" ? value : undefined;
}
