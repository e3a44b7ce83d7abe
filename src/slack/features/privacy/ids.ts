/** The confirmation modal of `/cx forget`. */
export const FORGET_MODAL = "privacy_forget_confirm";
