// The default reason taxonomy seeded into every new workspace (admins edit it later). Each
// reason names the journey stage that owns it, so the digest can say who moved the asset.

export const JOURNEY_STAGES = ["marketing", "sales", "onboarding", "product", "service", "billing"] as const;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];
export type ReasonDirection = "gained" | "lost";

export interface ReasonDefinition {
  code: string;
  direction: ReasonDirection;
  stage: JourneyStage;
  labelEn: string;
  labelEs: string;
}

export const DEFAULT_REASONS: ReasonDefinition[] = [
  { code: "price", direction: "lost", stage: "sales", labelEn: "Price", labelEs: "Precio" },
  {
    code: "product_gap",
    direction: "lost",
    stage: "product",
    labelEn: "Product gap",
    labelEs: "Carencia del producto",
  },
  {
    code: "poor_service",
    direction: "lost",
    stage: "service",
    labelEn: "Poor service",
    labelEs: "Mal servicio",
  },
  {
    code: "competitor",
    direction: "lost",
    stage: "marketing",
    labelEn: "Went to a competitor",
    labelEs: "Se fue a la competencia",
  },
  {
    code: "budget_cut",
    direction: "lost",
    stage: "sales",
    labelEn: "Budget cut",
    labelEs: "Recorte de presupuesto",
  },
  {
    code: "champion_left",
    direction: "lost",
    stage: "service",
    labelEn: "Our champion left",
    labelEs: "Se fue nuestro valedor interno",
  },
  {
    code: "onboarding_failure",
    direction: "lost",
    stage: "onboarding",
    labelEn: "Failed onboarding",
    labelEs: "Onboarding fallido",
  },
  { code: "other", direction: "lost", stage: "service", labelEn: "Other", labelEs: "Otro" },
  {
    code: "referral",
    direction: "gained",
    stage: "marketing",
    labelEn: "Referral",
    labelEs: "Recomendación",
  },
  {
    code: "outbound",
    direction: "gained",
    stage: "sales",
    labelEn: "Outbound sales",
    labelEs: "Prospección comercial",
  },
  {
    code: "inbound_marketing",
    direction: "gained",
    stage: "marketing",
    labelEn: "Inbound marketing",
    labelEs: "Marketing de atracción",
  },
  { code: "partner", direction: "gained", stage: "sales", labelEn: "Partner", labelEs: "Socio (partner)" },
  {
    code: "expansion_from_trial",
    direction: "gained",
    stage: "onboarding",
    labelEn: "Converted from trial",
    labelEs: "Conversión desde prueba",
  },
  { code: "other", direction: "gained", stage: "sales", labelEn: "Other", labelEs: "Otro" },
];

/** Which reason list a movement type draws from. */
export function reasonDirectionFor(type: string): ReasonDirection {
  return type === "lost" || type === "contracted" ? "lost" : "gained";
}

/** "Mid Market", "mid-market" and " MID_market " are the same segment. */
export function segmentKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[\s_-]+/g, "-");
}

/** A segment as the ledger refers to it. */
export interface SegmentRef {
  id: string;
  name: string;
  key: string;
}

/** A reason code of the workspace's taxonomy. */
export interface ReasonRef {
  id: string;
  code: string;
  direction: "gained" | "lost";
  stage: string;
  labelEn: string;
  labelEs: string;
  active: boolean;
}
