import type { Locale } from "../domain/locale.js";
import type { Verdict } from "../domain/verdict.js";

const en = {
  title: "Did we earn the right to grow?",
  period: (from: string, to: string) => `Period ${from} → ${to} (compared with the same length before)`,
  demoBanner:
    "DEMO DATA — generated examples, not real customers. Import your own with `npm run cli -- import`.",
  verdict: { grew: "grew", shrank: "shrank", mixed: "mixed", held: "held" } satisfies Record<Verdict, string>,
  segment: "Segment",
  total: "Total",
  gained: "Gained",
  lost: "Lost",
  net: "Net",
  netValue: "Net value",
  base: "Base",
  churn: "Churn",
  logoChurn: "logo churn",
  valueChurn: "value churn",
  previous: "prev.",
  topLost: "Top reasons for losses",
  topGained: "Top reasons for gains",
  scores: "Scores",
  /** The movements behind the net, and the cohort's retention (docs/metrics.md). */
  sums: (gained: number, reactivated: number, lost: number, net: string) =>
    `customers: gained ${gained} + reactivated ${reactivated} − lost ${lost} = net ${net}`,
  retention: (nrr: string, grr: string, logo: string, quick: string) =>
    `retention: NRR ${nrr} · GRR ${grr} · logos ${logo} · quick ratio ${quick}`,
  noLosses: "no losses",
  none: "none",
  noAnswers: "no answers",
  previewWritten: (text: string, blocks: string, chart: string) =>
    `The digest as it would reach Slack:\n  text:       ${text}\n  Block Kit:  ${blocks}  (paste into https://app.slack.com/block-kit-builder)\n  chart:      ${chart}`,
  previewPage: (html: string) =>
    `  page:       ${html}  (open it in a browser: the messages as Slack lays them out)`,
  previewScreenshot: (png: string) => `  screenshot: ${png}`,
  screenshotNoBrowser: (path: string) =>
    `  screenshot: skipped, no Chromium at ${path} (to get it: sudo apt-get install chromium)`,
  screenshotFailed: (detail: string) => `  screenshot: skipped, Chromium failed: ${detail}`,
  connectSlack: [
    "Slack is not connected yet. To connect it:",
    '  1. Create an app at https://api.slack.com/apps → "From an app manifest" and paste manifests/manifest.json.',
    "  2. Install it to your workspace, then set in .env (see .env.example):",
    "       SLACK_BOT_TOKEN=xoxb-…        (OAuth & Permissions → Bot User OAuth Token)",
    "       SLACK_SIGNING_SECRET=…        (Basic Information → Signing Secret)",
    "       SLACK_APP_TOKEN=xapp-…        (optional: Socket Mode for development without a public URL)",
    "  3. Run npm start again.",
  ].join("\n"),
};

const es: typeof en = {
  title: "¿Nos hemos ganado el derecho a crecer?",
  period: (from, to) => `Periodo ${from} → ${to} (comparado con el periodo anterior de igual duración)`,
  demoBanner:
    "DATOS DE DEMOSTRACIÓN — ejemplos generados, no clientes reales. Importa los tuyos con `npm run cli -- import`.",
  verdict: { grew: "creció", shrank: "se redujo", mixed: "mixto", held: "se mantuvo" },
  segment: "Segmento",
  total: "Total",
  gained: "Ganados",
  lost: "Perdidos",
  net: "Neto",
  netValue: "Valor neto",
  base: "Base",
  churn: "Abandono",
  logoChurn: "abandono de clientes",
  valueChurn: "abandono de valor",
  previous: "ant.",
  topLost: "Principales motivos de pérdida",
  topGained: "Principales motivos de captación",
  scores: "Puntuaciones",
  sums: (gained, reactivated, lost, net) =>
    `clientes: ganados ${gained} + reactivados ${reactivated} − perdidos ${lost} = neto ${net}`,
  retention: (nrr, grr, logo, quick) =>
    `retención: NRR ${nrr} · GRR ${grr} · clientes ${logo} · quick ratio ${quick}`,
  noLosses: "sin pérdidas",
  none: "ninguno",
  noAnswers: "sin respuestas",
  previewWritten: (text, blocks, chart) =>
    `El resumen tal como llegaría a Slack:\n  texto:      ${text}\n  Block Kit:  ${blocks}  (pégalo en https://app.slack.com/block-kit-builder)\n  gráfico:    ${chart}`,
  previewPage: (html) =>
    `  página:     ${html}  (ábrela en un navegador: los mensajes tal como los muestra Slack)`,
  previewScreenshot: (png) => `  captura:    ${png}`,
  screenshotNoBrowser: (path) =>
    `  captura:    omitida, no hay Chromium en ${path} (para tenerlo: sudo apt-get install chromium)`,
  screenshotFailed: (detail) => `  captura:    omitida, Chromium falló: ${detail}`,
  connectSlack: [
    "Slack aún no está conectado. Para conectarlo:",
    '  1. Crea una app en https://api.slack.com/apps → "From an app manifest" y pega manifests/manifest.json.',
    "  2. Instálala en tu espacio de trabajo y define en .env (ver .env.example):",
    "       SLACK_BOT_TOKEN=xoxb-…        (OAuth & Permissions → Bot User OAuth Token)",
    "       SLACK_SIGNING_SECRET=…        (Basic Information → Signing Secret)",
    "       SLACK_APP_TOKEN=xapp-…        (opcional: Socket Mode para desarrollo sin URL pública)",
    "  3. Vuelve a ejecutar npm start.",
  ].join("\n"),
};

export const messages: Record<Locale, typeof en> = { en, es };
