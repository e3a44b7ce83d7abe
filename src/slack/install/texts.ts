import type { Locale } from "../../domain/locale.js";

// The pages a person sees in the browser at the end of the OAuth install.

const en = {
  lang: "en",
  successTitle: "RightToGrow is installed",
  success: (team: string) =>
    `RightToGrow is now installed in <strong>${team}</strong>. Go back to Slack and type <code>/cx help</code> to start.`,
  openSlack: "Open Slack",
  failureTitle: "The installation did not finish",
  failure: (reason: string) => `Slack did not complete the installation (${reason}). Nothing was stored.`,
  tryAgain: "Try again",
  reasons: {
    cancelled: "it was cancelled",
    state: "the link expired or was opened in another browser",
    other: "an error on our side or Slack's",
  },
};

const es: typeof en = {
  lang: "es",
  successTitle: "RightToGrow está instalado",
  success: (team) =>
    `RightToGrow ya está instalado en <strong>${team}</strong>. Vuelve a Slack y escribe <code>/cx help</code> para empezar.`,
  openSlack: "Abrir Slack",
  failureTitle: "La instalación no ha terminado",
  failure: (reason) => `Slack no ha completado la instalación (${reason}). No se ha guardado nada.`,
  tryAgain: "Intentarlo de nuevo",
  reasons: {
    cancelled: "se ha cancelado",
    state: "el enlace ha caducado o se abrió en otro navegador",
    other: "un error nuestro o de Slack",
  },
};

export const installTexts: Record<Locale, typeof en> = { en, es };
