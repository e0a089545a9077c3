import type {
  Lot,
  LotDetailApiResponse,
  LotGridData,
  LotsQueryData,
  MobLotGridData,
  RentalLotQueryData,
  TenancyApiData,
  TenancyBalanceData,
} from '../../api/generated/wire-models.js';
import type { Portfolio } from '../data/portfolio.js';
import type { LotRecord, TenancyRecord } from '../data/records.js';
import { addressView, memberName } from './contacts.js';

// Wire views of lots (properties) and tenancies.

function lotCore(portfolio: Portfolio, lot: LotRecord): Lot {
  return {
    Id: lot.Id,
    CustomerId: portfolio.customerId,
    Reference: lot.Reference,
    Address: addressView(lot.Address),
    AddressText: lot.Address.Text,
    PrimaryType: lot.PrimaryType,
    PropertySubtype: lot.PropertySubtype,
    Bedrooms: lot.Bedrooms,
    Bathrooms: lot.Bathrooms,
    CarSpaces: lot.CarSpaces,
    NextInspectionOn: lot.NextInspectionOn,
    KeyNumber: lot.KeyNumber,
    ArchivedOn: lot.ArchivedOn,
    AdRentAmount: lot.AdRentAmount,
    AdRentPeriod: lot.AdRentPeriod,
    ActiveOwnershipId: lot.OwnershipId,
    ActiveTenancyId: lot.ActiveTenancyId,
    Longitude: lot.Address.Longitude,
    Latitude: lot.Address.Latitude,
    InspectionFrequency: 6,
    InspectionFrequencyType: 'Monthly',
    ActiveManagerMemberId: lot.ManagerMemberId,
    DisplayAddress: true,
    IsRental: lot.IsRental,
    IsArchived: lot.ArchivedOn !== null,
    CreatedOn: lot.CreatedOn,
    UpdatedOn: lot.UpdatedOn,
  };
}

/** The lot's owner and open tenancy with the fields that lot lists repeat from them. */
function occupancy(portfolio: Portfolio, lot: LotRecord) {
  const ownership = portfolio.ownerships.get(lot.OwnershipId);
  const owner = ownership === undefined ? undefined : portfolio.contacts.get(ownership.ContactId);
  const tenancy = lot.ActiveTenancyId === null ? undefined : portfolio.tenancies.get(lot.ActiveTenancyId);
  const tenant = tenancy === undefined ? undefined : portfolio.contacts.get(tenancy.ContactId);
  return {
    tenancy,
    fields: {
      OwnerContactReference: owner?.Reference ?? null,
      TenantContactReference: tenant?.Reference ?? null,
      ManagerName: memberName(portfolio, lot.ManagerMemberId),
      RentAmount: tenancy?.RentAmount ?? 0,
      RentPeriod: tenancy?.RentPeriod ?? null,
      EffectivePaidTo: tenancy?.PaidTo ?? null,
      TenancyStart: tenancy?.TenancyStart ?? null,
      TenancyEnd: tenancy?.TenancyEnd ?? null,
      AgreementStart: tenancy?.AgreementStart ?? null,
      AgreementEnd: tenancy?.AgreementEnd ?? null,
      OwnerContactId: owner?.Id ?? null,
      TenantContactId: tenant?.Id ?? null,
    },
  };
}

/** Item of `GET /v1/lots`. */
export function mobLotGridView(portfolio: Portfolio, lot: LotRecord): MobLotGridData {
  const { tenancy, fields } = occupancy(portfolio, lot);
  const ownership = portfolio.ownerships.get(lot.OwnershipId);
  return {
    ...lotCore(portfolio, lot),
    ...fields,
    Vacant: tenancy === undefined,
    OwnershipUpdatedOn: ownership?.UpdatedOn ?? lot.UpdatedOn,
    TenancyUpdatedOn: tenancy?.UpdatedOn ?? lot.UpdatedOn,
    SaleAgreementUpdatedOn: lot.UpdatedOn,
    HasAccessDetails: true,
    Timestamp: lot.Timestamp,
  };
}

/** Body of `GET /v1/lots/{Id}`. */
export function lotView(portfolio: Portfolio, lot: LotRecord): Lot {
  return lotCore(portfolio, lot);
}

/** Body of `GET /v1/lots/{Id}/detail`. */
export function lotDetailView(portfolio: Portfolio, lot: LotRecord): LotDetailApiResponse {
  const ownership = portfolio.ownerships.get(lot.OwnershipId);
  const owner = ownership === undefined ? undefined : portfolio.contacts.get(ownership.ContactId);
  const tenancy = lot.ActiveTenancyId === null ? undefined : portfolio.tenancies.get(lot.ActiveTenancyId);
  const core = lotCore(portfolio, lot);
  return {
    ...core,
    Ownership: ownership === undefined ? null : {
      ContactReference: owner?.Reference,
      FirstName: owner?.FirstName,
      LastName: owner?.LastName,
      Email: owner?.Email,
      CellPhone: owner?.CellPhone,
      LotReference: lot.Reference,
      LotAddressText: lot.Address.Text,
      FeesCount: 0,
      ContactPersonCount: 1,
      Id: ownership.Id,
      CustomerId: portfolio.customerId,
      LotId: lot.Id,
      ContactId: ownership.ContactId,
      FolioId: ownership.FolioId,
      OwnedFrom: ownership.OwnedFrom,
      CreatedOn: ownership.CreatedOn,
      UpdatedOn: ownership.UpdatedOn,
      IsReletAllowed: true,
    },
    PropertyManager: memberName(portfolio, lot.ManagerMemberId),
    TaskRemindersCount: 0n,
    Tenancy: tenancy === undefined ? null : tenancyBalanceView(portfolio, tenancy),
    HasListingProviderImportInProgress: false,
    HasActiveInvoiceTemplate: false,
    HasAccessDetails: true,
    IsSuccessful: true,
  };
}

function rentalFields(portfolio: Portfolio, lot: LotRecord) {
  const { tenancy, fields } = occupancy(portfolio, lot);
  return {
    ...lotCore(portfolio, lot),
    ...fields,
    LotReference: lot.Reference,
    Termination: null,
    BreakLease: null,
    Relet: false,
    Periodic: tenancy?.Periodic ?? false,
    SearchText: `${lot.Reference} ${fields.OwnerContactReference ?? ''} ${fields.TenantContactReference ?? ''}`.trim(),
    TenantFolioCode: tenancy?.Code ?? null,
  };
}

/** Item of `GET /v1/lots/rentals`. */
export function rentalLotView(portfolio: Portfolio, lot: LotRecord): RentalLotQueryData {
  const tenancy = lot.ActiveTenancyId === null ? undefined : portfolio.tenancies.get(lot.ActiveTenancyId);
  return { ...rentalFields(portfolio, lot), DaysInArrears: tenancy?.ArrearsDays ?? 0 };
}

/** Item of `GET /v1/lots/vacancy`. */
export function vacantLotView(portfolio: Portfolio, lot: LotRecord): LotsQueryData {
  return { ...rentalFields(portfolio, lot), LotUpdatedTimestamp: lot.Timestamp };
}

/** Item of `GET /v1/lots/archived`. */
export function archivedLotView(portfolio: Portfolio, lot: LotRecord): LotGridData {
  const { fields } = occupancy(portfolio, lot);
  return { ...lotCore(portfolio, lot), ...fields };
}

function tenancyCore(portfolio: Portfolio, tenancy: TenancyRecord) {
  const lot = portfolio.lots.get(tenancy.LotId);
  const contact = portfolio.contacts.get(tenancy.ContactId);
  return {
    LotAddress: lot?.Address.Text ?? null,
    LotReference: lot?.Reference ?? null,
    ContactReference: contact?.Reference ?? null,
    ContactEmail: contact?.Email ?? null,
    FolioNumber: tenancy.FolioNumber,
    Code: tenancy.Code,
    IsActive: tenancy.ClosedOn === null,
    IsClosed: tenancy.ClosedOn !== null,
    ActiveOwnershipId: lot?.OwnershipId ?? null,
    Label: contact?.Reference ?? null,
    Name: contact === undefined ? null : `${contact.FirstName} ${contact.LastName}`,
    Id: tenancy.Id,
    CustomerId: portfolio.customerId,
    LotId: tenancy.LotId,
    ContactId: tenancy.ContactId,
    TenancyStart: tenancy.TenancyStart,
    AgreementStart: tenancy.AgreementStart,
    AgreementEnd: tenancy.AgreementEnd,
    Periodic: tenancy.Periodic,
    TenancyEnd: tenancy.TenancyEnd,
    RentAmount: tenancy.RentAmount,
    RentPeriod: tenancy.RentPeriod,
    BondAmount: tenancy.BondAmount,
    OpenBondReceived: 0,
    BondInTrust: tenancy.BondAmount,
    TaxOnRent: false,
    GenerateRentInvoice: false,
    RentInvoiceDaysInAdvance: 0,
    RentSequence: 1,
    PaidTo: tenancy.PaidTo,
    EffectivePaidTo: tenancy.PaidTo,
    PartPaid: tenancy.PartPaid,
    DirectDebit: false,
    CreatedOn: tenancy.CreatedOn,
    UpdatedOn: tenancy.UpdatedOn,
    ExcludeArrearsAutomation: false,
    IsWaterUsageCharged: false,
    contact,
  };
}

/** Item of `GET /v1/tenancies`. */
export function tenancyView(portfolio: Portfolio, tenancy: TenancyRecord): TenancyApiData {
  const { contact, ...core } = tenancyCore(portfolio, tenancy);
  return {
    ...core,
    ContactCellPhone: contact?.CellPhone ?? null,
    ContactPhone: contact?.CellPhone ?? null,
    IsClientAccessDisabled: false,
    HasBeenReceipted: true,
  };
}

/** Item of `GET /v1/tenancies/balances` and body of `GET /v1/tenancies/balances/{id}`. */
export function tenancyBalanceView(portfolio: Portfolio, tenancy: TenancyRecord): TenancyBalanceData {
  const { contact, ...core } = tenancyCore(portfolio, tenancy);
  const periodsOwed = tenancy.RentArrears / tenancy.RentAmount;
  return {
    ...core,
    FirstName: contact?.FirstName ?? null,
    LastName: contact?.LastName ?? null,
    Salutation: contact?.Salutation ?? null,
    CellPhone: contact?.CellPhone ?? null,
    BondReceipted: tenancy.BondAmount,
    Deposited: 0,
    DirectDeposited: 0,
    ArrearsDays: tenancy.ArrearsDays,
    InvoiceDaysInArrears: 0,
    InvoiceArrears: 0,
    ClosedOn: tenancy.ClosedOn,
    ProrataRentDue: 0,
    MostRentDue: tenancy.RentArrears,
    RentDueByPeriod: tenancy.RentArrears,
    TotalRentPaid: 0,
    UnclearedBalance: 0,
    PendingPayments: 0,
    PendingRentPayments: 0,
    PendingInvoicePayments: 0,
    PendingDepositPayments: 0,
    PendingBondPayments: 0,
    HasActiveOwner: true,
    ContactPersonCount: 1,
    DaysInArrears: tenancy.ArrearsDays,
    RentArrears: tenancy.RentArrears,
    RentArrearsByPeriod: Math.round(periodsOwed * tenancy.RentAmount * 100) / 100,
    FolioId: tenancy.FolioId,
    BondArrears: 0,
    TotalArrears: tenancy.RentArrears,
    TotalArrearsByPeriod: tenancy.RentArrears,
    AllowMepayPayments: false,
  };
}
