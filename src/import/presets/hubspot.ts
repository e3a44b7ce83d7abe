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
//
// Associations: exports label the deal's primary company "Associated Company IDs (Primary)" /
// "Associated Company (Primary)", next to unsuffixed columns listing every associated company
// separated by ";". The primary one is the customer; an unsuffixed list of several without a
// primary is refused for that line rather than guessed. "Amount in company currency"
// (amount_in_home_currency) is preferred to "Amount" when present: one currency for the file,
// named by a "Company currency" column or else the reporting currency. Close dates come in the
// account's date-time format ("4/8/2025 17:19", "4/8/2025 5:19 PM": --date-order says which
// number is the month). Custom pipelines: a stage whose label says won or lost is read so;
// --won-stage / --lost-stage name the others.

const COMPANY_VALUE = [
  "Amount in company currency",
  "amount_in_home_currency",
  "Importe en la moneda de la empresa",
];

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
        value: [
          "Annual recurring revenue",
          "hs_arr",
          "Annual contract value",
          "hs_acv",
          ...COMPANY_VALUE,
          "Amount",
          "Importe",
        ],
        companyValue: COMPANY_VALUE,
        companyCurrency: ["Company currency", "Currency in company currency", "Moneda de la empresa"],
        currency: ["Currency", "deal_currency_code", "Moneda"],
        primaryCustomerId: [
          "Associated Company IDs (Primary)",
          "Associated Company ID (Primary)",
          "ID de empresa asociada (principal)",
        ],
        primaryCustomerName: [
          "Associated Company (Primary)",
          "Associated Company Name (Primary)",
          "Associated Company Names (Primary)",
          "Empresa asociada (principal)",
        ],
        listSeparator: ";",
        customerId: ["Associated Company IDs", "Associated Company ID", "associatedcompanyid", "Company ID"],
        customerName: [
          "Associated Company",
          "Associated Companies",
          "Associated Company Names",
          "Company name",
          "Company",
        ],
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
