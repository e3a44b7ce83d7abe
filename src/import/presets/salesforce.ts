import { dealMapping } from "./crm-deals.js";
import type { Preset } from "./preset-types.js";

// Salesforce opportunities: a report on Opportunities exported as CSV ("Details Only"), or a Data
// Loader / Data Export extract. Report columns carry the field labels of the Opportunity object
// reference: "Opportunity ID", "Opportunity Name", "Account ID", "Account Name", "Stage", "Amount",
// "Close Date", "Type", "Opportunity Currency", "Lead Source"; extracts carry the API names (Id,
// StageName, CloseDate, AccountId, CurrencyIsoCode, LeadSource), read as well.
//
// Type: the standard picklist (New Customer; Existing Customer - Upgrade / - Replacement /
// - Downgrade) and the common custom values (New Business, Renewal, Upsell) are mapped as
// src/import/presets/crm-deals.ts describes. Salesforce has no standard loss-reason field; a
// custom "Loss Reason" / "Closed Lost Reason" / "Reason Lost" column is read when present. Lead
// Source is the reason a customer was gained ("Partner Referral" → partner, "Web" → inbound…).
// Ids: 15- and 18-character ids name the same record (the last three characters are a checksum),
// so both become the 15-character form and a re-export in the other form adds nothing.

export const salesforce: Preset = {
  name: "salesforce",
  kind: "movements",
  header: (names, options) =>
    dealMapping(
      "Salesforce opportunities",
      {
        id: {
          aliases: ["Opportunity ID", "Opportunity Id", "Id", "Opportunity 18 Digit ID"],
          prefix: "salesforce-opportunity",
          normalise: (id) => (/^[a-zA-Z0-9]{18}$/.test(id) ? id.slice(0, 15) : id),
        },
        stage: ["Stage", "StageName", "Etapa"],
        closeDate: ["Close Date", "CloseDate", "Fecha de cierre"],
        value: ["Amount", "Importe"],
        currency: ["Opportunity Currency", "Amount Currency", "CurrencyIsoCode", "Divisa de la oportunidad"],
        customerId: ["Account ID", "AccountId", "Id. de cuenta"],
        customerName: ["Account Name", "Account.Name", "Nombre de la cuenta"],
        dealName: ["Opportunity Name", "Nombre de la oportunidad"],
        dealType: ["Type", "Opportunity Type", "Tipo"],
        lostReason: ["Loss Reason", "Closed Lost Reason", "Reason Lost", "Lost Reason", "Motivo de pérdida"],
        wonReason: ["Lead Source", "LeadSource", "Origen del candidato"],
        segment: ["Segment", "Account Segment", "Industry", "Sector"],
      },
      names,
      options,
    ),
};
