import type { Locale } from "../../../domain/locale.js";

const en = {
  usage: [
    "*RightToGrow* — did we earn the right to grow?",
    "",
    "`/cx help` — this help · `/cx help metrics` — what NPS, CSAT, CES, net customers, churn and value at risk mean",
    "`/cx voe` (or `vop`, `voc`) — share a voice note (employee, partner or customer voice); also the ⚡ shortcut *Share a voice note* and the message shortcut *Save as feedback*",
    "`/cx survey nps|csat|ces` — send a micro-survey (managers)",
    "`/cx won` · `/cx lost` — record a customer won or lost, with the reason (managers)",
    "`/cx stats [segment] [period]` — gained, lost, net, churn and scores for a segment (managers)",
    "`/cx themes [segment] [period]` — the themes of survey comments, win and loss notes and voice notes, with how many mentioned each, the change, their scores and a quote (managers)",
    "`/cx meetings` — the leadership meetings that get a digest: channel, schedule, time zone, lead time, segments, language (executives see them; admins add, edit, pause and remove) · `/cx meetings add`",
    "`/cx digest preview [meeting]` — the next digest, privately; its menus mark loss reasons and notes discussed or open an action with an owner (executives)",
    "`/cx campaigns` — survey campaigns at moments of truth: check-ins 30/60/90 days after a customer is gained, a relationship NPS every N days per contact, recurring pulses (admins) · `/cx contacts <customer>` — the people at a customer those surveys go to (managers)",
    "`/cx tokens` — tokens for the HTTP API (`POST /api/v1/movements`, `/api/v1/responses`): list, `create <name>` (the secret is shown once, only to you), `revoke <name or prefix>` (admins)",
    "`/cx export ledger|responses [segment] [period]` — the customer ledger or the survey answers as a CSV file in your DM (admins) · `/cx forget @person` — delete a person's non-anonymous answers and notes and remove their name elsewhere, after a confirmation listing what goes (admins)",
    "Periods: `7d`, `4w`, `3m` (calendar months), or `2026-03-01..2026-03-29` (the end day is not included).",
  ].join("\n"),
  metrics: [
    "*What the numbers mean — and where they mislead*",
    "",
    "*Net customers* = gained + reactivated − lost in the period. It is what customers *did*: the asset grew or shrank. Count alone hides size, so read it with *net value* (gained + reactivated + expansions − contractions − losses, in annual value).",
    "*Churn* — *logo churn* is customers lost ÷ customers at the start of the period; *value churn* is value lost or contracted ÷ value at the start. A few large losses can hide behind a low logo churn, and many small ones behind a low value churn: look at both.",
    "*NPS* (0–10, relationship) = % promoters (9–10) − % detractors (0–6), from −100 to 100. Good for the overall relationship and for spotting who may leave; misleading with few answers, across cultures that score differently, and when it becomes the goal instead of the customers.",
    "*CSAT* (1–5, transactional) = share of 4–5 answers right after an interaction. Good for a specific product or moment; it says little about loyalty.",
    "*CES* (1–7, transactional) = how easy it was (higher is easier), usually after support. Effort predicts disloyalty well; it does not measure delight.",
    "*Value at risk* = annual value of customers whose latest answer was a detractor NPS or a CSAT of 1–2: the losses the next meeting can still prevent.",
    "*Always read a score with its n* (how many answered): with n < 30 a score moves a lot by chance. And behaviour first: what customers did (stayed, left, bought more) matters more than what they said.",
  ].join("\n"),
};

const es: typeof en = {
  usage: [
    "*RightToGrow* — ¿nos hemos ganado el derecho a crecer?",
    "",
    "`/cx help` — esta ayuda · `/cx help metrics` — qué significan NPS, CSAT, CES, clientes netos, abandono y valor en riesgo",
    "`/cx voe` (o `vop`, `voc`) — comparte una nota de voz (de empleado, socio o cliente); también el atajo ⚡ *Share a voice note* y el atajo de mensaje *Save as feedback*",
    "`/cx survey nps|csat|ces` — envía una microencuesta (responsables)",
    "`/cx won` · `/cx lost` — registra un cliente ganado o perdido, con el motivo (responsables)",
    "`/cx stats [segmento] [periodo]` — ganados, perdidos, neto, abandono y puntuaciones de un segmento (responsables)",
    "`/cx themes [segmento] [periodo]` — los temas de los comentarios de encuestas, las notas de altas y bajas y las notas de voz, con cuántos mencionaron cada uno, el cambio, sus puntuaciones y una cita (responsables)",
    "`/cx meetings` — las reuniones de dirección que reciben un resumen: canal, programación, zona horaria, antelación, segmentos, idioma (los directivos las ven; los administradores las añaden, editan, pausan y eliminan) · `/cx meetings add`",
    "`/cx digest preview [reunión]` — el próximo resumen, en privado; sus menús marcan motivos de pérdida y notas como tratados o abren una acción con responsable (directivos)",
    "`/cx campaigns` — campañas de encuestas en los momentos de la verdad: seguimientos a los 30/60/90 días de ganar un cliente, NPS de relación cada N días por contacto, encuestas periódicas (administradores) · `/cx contacts <cliente>` — las personas de un cliente a las que van esas encuestas (responsables)",
    "`/cx tokens` — tokens para la API HTTP (`POST /api/v1/movements`, `/api/v1/responses`): lista, `create <nombre>` (el secreto se muestra una vez, solo a ti), `revoke <nombre o prefijo>` (administradores)",
    "`/cx export ledger|responses [segmento] [periodo]` — el registro de clientes o las respuestas a encuestas en un archivo CSV en tu MD (administradores) · `/cx forget @persona` — borra las respuestas y notas no anónimas de una persona y quita su nombre del resto, tras una confirmación que lista lo que se borra (administradores)",
    "Periodos: `7d`, `4w`, `3m` (meses naturales) o `2026-03-01..2026-03-29` (sin incluir el día final).",
  ].join("\n"),
  metrics: [
    "*Qué significan las cifras — y dónde engañan*",
    "",
    "*Clientes netos* = ganados + reactivados − perdidos en el periodo. Es lo que los clientes *hicieron*: el activo creció o se redujo. El recuento oculta el tamaño, así que léelo junto al *valor neto* (ganados + reactivados + ampliaciones − reducciones − pérdidas, en valor anual).",
    "*Abandono* — el *abandono de clientes* es clientes perdidos ÷ clientes al inicio del periodo; el *abandono de valor* es valor perdido o reducido ÷ valor al inicio. Unas pocas pérdidas grandes se esconden tras un abandono de clientes bajo, y muchas pequeñas tras un abandono de valor bajo: mira los dos.",
    "*NPS* (0–10, relación) = % promotores (9–10) − % detractores (0–6), de −100 a 100. Sirve para la relación global y para detectar quién puede irse; engaña con pocas respuestas, entre culturas que puntúan distinto y cuando se convierte en el objetivo en lugar de los clientes.",
    "*CSAT* (1–5, transaccional) = porcentaje de respuestas 4–5 justo después de una interacción. Útil para un producto o momento concreto; dice poco de la lealtad.",
    "*CES* (1–7, transaccional) = lo fácil que resultó (más alto es más fácil), normalmente tras soporte. El esfuerzo predice bien la deslealtad; no mide el entusiasmo.",
    "*Valor en riesgo* = valor anual de los clientes cuya última respuesta fue un NPS detractor o un CSAT de 1–2: las pérdidas que la próxima reunión aún puede evitar.",
    "*Lee siempre una puntuación con su n* (cuántos respondieron): con n < 30 una puntuación varía mucho por azar. Y primero el comportamiento: lo que los clientes hicieron (quedarse, irse, comprar más) importa más que lo que dijeron.",
  ].join("\n"),
};

export const helpTexts: Record<Locale, typeof en> = { en, es };
