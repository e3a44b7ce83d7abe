// Who may do what. Checked on the server for every Slack action; buttons a role cannot use are
// also hidden, but hiding is a courtesy, not the control.

export const ROLES = ["employee", "manager", "executive", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | "voice.submit"
  | "survey.answer"
  | "survey.send"
  | "ledger.write"
  | "stats.view"
  | "digest.view"
  | "digest.followup"
  | "note.triage"
  | "alert.handle"
  | "customer.assign"
  | "admin.configure"
  | "data.export"
  | "data.forget";

// Each action names the least role that may take it; the roles are ordered, so an executive
// can do what a manager can, and an admin holds every role.
const LEAST_ROLE: Record<Action, Role> = {
  "voice.submit": "employee",
  "survey.answer": "employee",
  "survey.send": "manager",
  "ledger.write": "manager",
  "stats.view": "manager",
  "digest.view": "executive",
  "digest.followup": "executive",
  "note.triage": "executive",
  "alert.handle": "manager",
  // Who owns a customer decides where its alerts go: set by managers, not by anyone.
  "customer.assign": "manager",
  "admin.configure": "admin",
  // An export holds every answer's respondent; forgetting deletes: both only for admins.
  "data.export": "admin",
  "data.forget": "admin",
};

export function rank(role: Role): number {
  return ROLES.indexOf(role);
}

export function can(role: Role, action: Action): boolean {
  return rank(role) >= rank(LEAST_ROLE[action]);
}

export function leastRoleFor(action: Action): Role {
  return LEAST_ROLE[action];
}

export interface RoleSources {
  admins: string[];
  executives: string[];
  managers: string[];
}

/**
 * The highest role a user holds, given the configured lists (user IDs, or user group handles
 * that `groupsOf` says the user belongs to). With no configuration at all, Slack workspace
 * admins and owners act as admins so that a fresh install is usable at once.
 */
export function resolveRole(
  config: RoleSources,
  user: { id: string; groups: string[]; isSlackAdmin: boolean },
): Role {
  const unconfigured = config.admins.length + config.executives.length + config.managers.length === 0;
  if (unconfigured) return user.isSlackAdmin ? "admin" : "employee";
  const holds = (list: string[]) =>
    list.some((entry) => (entry.startsWith("@") ? user.groups.includes(entry.slice(1)) : entry === user.id));
  if (holds(config.admins)) return "admin";
  if (holds(config.executives)) return "executive";
  if (holds(config.managers)) return "manager";
  return "employee";
}
