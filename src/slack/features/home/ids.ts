// Ids of the App Home view. Its buttons belong to the features that handle them (voices).

export const HOME = {
  view: "app_home",
  actionsBlock: "home_actions",
  /** Followed by the note id: one actions block per note waiting for triage. */
  triageBlockPrefix: "home_triage_",
} as const;
