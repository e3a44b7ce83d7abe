import { dealMapping } from "./crm-deals.js";
import type { Preset } from "./preset-types.js";

// HubSpot deals export (CRM → Deals → Export, or a deals report exported as CSV). Columns are
// property labels: "Record ID" (older exports "Deal ID"), "Deal Name", "Deal Stage", "Close Date",
// "Amount", "Deal Type" (New Business / Existing Business), "Closed Lost Reason", "Closed Won
// Reason", "Currency" (deal_currency_code), and, when associations are exported, "Associated
// Company IDs" / "Associated Company" (several separated by ";"). Internal names (dealstage,
// closedate, hs_object_id, …) are read too, for exports made through the API. Property names from
// the deal object reference and glossaries of deal properties (see README, "CSV presets").
//
// Value: the ledger wants annual value, so a row takes the first non-empty of "Annual recurring
// revenue" (hs_arr), "Annual contract value" (hs_acv) and "Amount"; --value-column NAME chooses one
// column instead. Segment: --segment-column NAME, else a "Segment" or "Industry" column, with
// --segment NAME as the value for rows (or files) without one.

export const hubspot: Preset = {
  name: "hubspot",
  kind: "movements",
  header: (names, options) =>
    dealMapping(
      "HubSpot deals",
      {
        id: { aliases: ["Record ID", "Deal ID", "hs_object_id", "dealId"], prefix: "hubspot-deal" },
        stage: ["Deal Stage", "dealstage", "Etapa del negocio"],
        closeDate: ["Close Date", "closedate", "Fecha de cierre"],
        value: ["Annual recurring revenue", "hs_arr", "Annual contract value", "hs_acv", "Amount", "Importe"],
        currency: ["Currency", "deal_currency_code", "Moneda"],
        customerId: ["Associated Company IDs", "Associated Company ID", "associatedcompanyid", "Company ID"],
        customerName: ["Associated Company", "Associated Companies", "Company name", "Company"],
        dealName: ["Deal Name", "dealname", "Nombre del negocio"],
        dealType: ["Deal Type", "dealtype", "Tipo de negocio"],
        lostReason: ["Closed Lost Reason", "closed_lost_reason", "Motivo de pérdida del negocio"],
        wonReason: ["Closed Won Reason", "closed_won_reason", "Motivo de cierre ganado"],
        segment: ["Segment", "Industry", "industry", "Sector"],
      },
      names,
      options,
    ),
};
