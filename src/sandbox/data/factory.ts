import {
  COMPANY_SUFFIXES,
  FIRST_NAMES,
  JOB_SUMMARIES,
  LAST_NAMES,
  SALUTATIONS,
  STREET_NAMES,
  SUBURBS,
  SUPPLIER_TRADES,
  TASK_SUMMARIES,
} from './names.js';
import type { Portfolio } from './portfolio.js';
import type { Random } from './random.js';
import type {
  AddressRecord,
  ContactRecord,
  InspectionRecord,
  JobPriority,
  JobRecord,
  LotRecord,
  MemberRecord,
  RentPeriod,
  TaskRecord,
  TenancyRecord,
} from './records.js';

// Builders for single records, shared by the initial generator and by churn.

const DAY_MS = 24 * 60 * 60 * 1000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** Returns a time `days` days from `fromMs`, at midnight UTC. */
export function dayOffset(fromMs: number, days: number): number {
  const midnight = Math.floor(fromMs / DAY_MS) * DAY_MS;
  return midnight + days * DAY_MS;
}

function mobilePhone(random: Random): string {
  return `04${random.int(10, 99)} ${random.int(100, 999)} ${random.int(100, 999)}`;
}

function landline(random: Random, state: string): string {
  const areaCode = { NSW: '02', ACT: '02', VIC: '03', TAS: '03', QLD: '07', SA: '08', WA: '08', NT: '08' }[state] ?? '02';
  return `(${areaCode}) ${random.int(9000, 9999)} ${random.int(1000, 9999)}`;
}

function emailName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
}

export function makeAddress(random: Random, withUnit: boolean): AddressRecord {
  const suburb = random.pick(SUBURBS);
  const unit = withUnit ? String(random.int(1, 40)) : null;
  const number = String(random.int(1, 320));
  const street = random.pick(STREET_NAMES);
  const prefix = unit === null ? number : `${unit}/${number}`;
  return {
    Unit: unit,
    Number: number,
    Street: street,
    Suburb: suburb.suburb,
    State: suburb.state,
    PostalCode: suburb.postcode,
    Country: 'Australia',
    Latitude: Number((suburb.latitude + (random.next() - 0.5) * 0.02).toFixed(6)),
    Longitude: Number((suburb.longitude + (random.next() - 0.5) * 0.02).toFixed(6)),
    Text: `${prefix} ${street}, ${suburb.suburb} ${suburb.state} ${suburb.postcode}`,
  };
}

export function makeMember(random: Random, index: number, registeredMs: number): MemberRecord {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const role = index === 0 ? 'Principal' : random.pick(['Property Manager', 'Property Manager', 'Leasing Consultant', 'Administrator']);
  return {
    Id: random.guid(),
    UserId: 1000 + index,
    FirstName: firstName,
    LastName: lastName,
    Email: `${emailName(firstName)}.${emailName(lastName)}${index}@agency.example.com`,
    MobilePhone: mobilePhone(random),
    WorkPhone: landline(random, 'NSW'),
    Role: role,
    JobTitle: role,
    RegisteredOn: isoDate(registeredMs),
    CurrentMemberAccessId: random.guid(),
  };
}

export interface ContactRoles {
  IsOwner?: boolean;
  IsTenant?: boolean;
  IsSupplier?: boolean;
  IsSeller?: boolean;
}

export function makeContact(random: Random, portfolio: Portfolio, roles: ContactRoles, createdMs: number, updatedMs: number): ContactRecord {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const address = makeAddress(random, random.chance(0.3));
  const supplier = roles.IsSupplier === true;
  const companyName = supplier ? `${lastName} ${random.pick(SUPPLIER_TRADES)} ${random.pick(COMPANY_SUFFIXES)}` : null;
  const reference = companyName ?? `${lastName}, ${firstName}`;
  const domain = supplier ? `${emailName(lastName)}-trades.example.com` : 'example.com';
  return {
    Id: random.guid(),
    Reference: reference,
    PersonId: random.guid(),
    Salutation: supplier ? null : random.pick(SALUTATIONS),
    FirstName: firstName,
    LastName: lastName,
    CompanyName: companyName,
    Email: `${emailName(firstName)}.${emailName(lastName)}${random.int(1, 999)}@${domain}`,
    CellPhone: mobilePhone(random),
    HomePhone: supplier || random.chance(0.6) ? null : landline(random, address.State),
    WorkPhone: supplier || random.chance(0.3) ? landline(random, address.State) : null,
    Address: address,
    IsOwner: roles.IsOwner === true,
    IsTenant: roles.IsTenant === true,
    IsSupplier: supplier,
    IsSeller: roles.IsSeller === true,
    FolioId: random.guid(),
    SupplierFolioNumber: supplier ? random.int(100, 9999) : 0,
    Notes: random.chance(0.2) ? 'Prefers contact by email.' : null,
    ArchivedOn: null,
    CreatedOn: isoDate(createdMs),
    UpdatedOn: isoDate(updatedMs),
    Timestamp: portfolio.nextTimestamp(),
  };
}

export function weeklyRent(random: Random, bedrooms: number): number {
  return 5 * Math.round((280 + bedrooms * 110 + random.int(0, 250)) / 5);
}

export function makeLot(
  random: Random,
  portfolio: Portfolio,
  ids: { ManagerMemberId: string; OwnershipId: string },
  createdMs: number,
  updatedMs: number,
): LotRecord {
  const subtype = random.pick(['House', 'House', 'Unit', 'Apartment', 'Townhouse']);
  const address = makeAddress(random, subtype !== 'House');
  const bedrooms = random.int(1, subtype === 'House' ? 5 : 3);
  return {
    Id: random.guid(),
    Reference: address.Text.split(',')[0] as string,
    Address: address,
    PrimaryType: 'Residential',
    PropertySubtype: subtype,
    Bedrooms: bedrooms,
    Bathrooms: Math.max(1, bedrooms - random.int(1, 2)),
    CarSpaces: random.int(0, 2),
    KeyNumber: `K${random.int(100, 999)}`,
    IsRental: random.chance(0.95),
    ManagerMemberId: ids.ManagerMemberId,
    OwnershipId: ids.OwnershipId,
    ActiveTenancyId: null,
    AdRentAmount: weeklyRent(random, bedrooms),
    AdRentPeriod: 'Weekly',
    NextInspectionOn: isoDate(dayOffset(updatedMs, random.int(7, 180))),
    ArchivedOn: null,
    CreatedOn: isoDate(createdMs),
    UpdatedOn: isoDate(updatedMs),
    Timestamp: portfolio.nextTimestamp(),
  };
}

const RENT_PERIOD_DAYS: Record<RentPeriod, number> = { Weekly: 7, Fortnightly: 14, Monthly: 365.25 / 12 };

/**
 * Builds a tenancy for a lot. An open tenancy is in arrears with probability `arrearsRate`; a closed
 * one has `TenancyEnd` and `ClosedOn` set to `closedMs`.
 */
export function makeTenancy(
  random: Random,
  lot: LotRecord,
  contactId: string,
  options: { startMs: number; nowMs: number; closedMs: number | null; arrearsRate: number; folioNumber: number },
): TenancyRecord {
  const period: RentPeriod = random.pick(['Weekly', 'Weekly', 'Weekly', 'Fortnightly', 'Monthly']);
  const weekly = lot.AdRentAmount;
  let rent = weekly;
  if (period === 'Fortnightly') rent = weekly * 2;
  if (period === 'Monthly') rent = Math.round((weekly * 52) / 12);
  const perDay = rent / RENT_PERIOD_DAYS[period];
  const inArrears = options.closedMs === null && random.chance(options.arrearsRate);
  const arrearsDays = inArrears ? random.int(1, 45) : 0;
  const paidToMs = options.closedMs ?? dayOffset(options.nowMs, inArrears ? -arrearsDays : random.int(0, 13));
  const agreementEndMs = dayOffset(options.startMs, 365);
  const periodic = options.closedMs === null && agreementEndMs < options.nowMs;
  return {
    Id: random.guid(),
    LotId: lot.Id,
    ContactId: contactId,
    FolioId: random.guid(),
    FolioNumber: options.folioNumber,
    Code: `T${String(options.folioNumber).padStart(5, '0')}`,
    TenancyStart: isoDate(options.startMs),
    AgreementStart: isoDate(options.startMs),
    AgreementEnd: isoDate(agreementEndMs),
    Periodic: periodic,
    TenancyEnd: options.closedMs === null ? null : isoDate(options.closedMs),
    ClosedOn: options.closedMs === null ? null : isoDate(options.closedMs),
    RentAmount: rent,
    RentPeriod: period,
    BondAmount: weekly * 4,
    PaidTo: isoDate(paidToMs),
    PartPaid: inArrears && random.chance(0.3) ? Math.round(perDay * random.int(1, 3)) : 0,
    ArrearsDays: arrearsDays,
    RentArrears: Math.round(perDay * arrearsDays * 100) / 100,
    CreatedOn: isoDate(options.startMs),
    UpdatedOn: isoDate(options.closedMs ?? dayOffset(options.nowMs, -random.int(0, 20))),
  };
}

const JOB_STATUSES = ['Reported', 'Assigned', 'Quoted', 'Approved', 'Completed', 'Cancelled'] as const;
const JOB_PRIORITIES: readonly JobPriority[] = ['Low', 'Medium', 'Medium', 'High', 'Urgent'];

export function makeJob(
  random: Random,
  portfolio: Portfolio,
  refs: { lot: LotRecord; ownerContactId: string; tenantContactId: string | null; supplierContactId: string | null },
  createdMs: number,
  updatedMs: number,
): JobRecord {
  const status = random.pick(JOB_STATUSES);
  const closed = status === 'Completed' || status === 'Cancelled';
  const summary = random.pick(JOB_SUMMARIES);
  return {
    Id: random.guid(),
    Number: portfolio.nextJobNumber(),
    LotId: refs.lot.Id,
    OwnerContactId: refs.ownerContactId,
    TenantContactId: refs.tenantContactId,
    SupplierContactId: status === 'Reported' ? null : refs.supplierContactId,
    ManagerMemberId: refs.lot.ManagerMemberId,
    Summary: summary,
    Description: `${summary} at ${refs.lot.Address.Text}. Reported by the tenant.`,
    Status: status,
    Priority: random.pick(JOB_PRIORITIES),
    ReportedContactType: random.pick(['Tenant', 'Tenant', 'Owner', 'Agent']),
    Access: random.pick(['Tenant', 'Agent', 'Owner']),
    SupplierInstructions: random.chance(0.5) ? 'Call the tenant to arrange access.' : null,
    DueDate: isoDate(dayOffset(createdMs, random.int(2, 30))),
    ClosedOn: closed ? isoDate(updatedMs) : null,
    CreatedOn: isoDate(createdMs),
    UpdatedOn: isoDate(updatedMs),
    Timestamp: portfolio.nextTimestamp(),
  };
}

export function makeTask(
  random: Random,
  portfolio: Portfolio,
  refs: { lotId: string | null; contactId: string | null; managerMemberId: string },
  createdMs: number,
  updatedMs: number,
): TaskRecord {
  const closed = random.chance(0.4);
  const summary = random.pick(TASK_SUMMARIES);
  return {
    Id: random.guid(),
    LotId: refs.lotId,
    ContactId: refs.contactId,
    ManagerMemberId: refs.managerMemberId,
    Summary: summary,
    Description: `${summary}.`,
    TaskStatus: closed ? 'Closed' : 'Active',
    Priority: random.int(0, 3),
    DueDate: isoDate(dayOffset(createdMs, random.int(1, 21))),
    ClosedOn: closed ? isoDate(updatedMs) : null,
    CreatedOn: isoDate(createdMs),
    UpdatedOn: isoDate(updatedMs),
    Timestamp: portfolio.nextTimestamp(),
  };
}

const INSPECTION_TYPES = ['Routine', 'Routine', 'Routine', 'Ingoing', 'Outgoing'] as const;

export function makeInspection(
  random: Random,
  portfolio: Portfolio,
  refs: { lot: LotRecord; ownerContactId: string; tenantContactId: string | null },
  createdMs: number,
  updatedMs: number,
  nowMs: number,
): InspectionRecord {
  const type = random.pick(INSPECTION_TYPES);
  const startMs = dayOffset(createdMs, random.int(7, 60)) + random.int(9, 16) * 60 * 60 * 1000;
  const done = startMs < nowMs;
  const status = done ? random.pick(['Closed', 'Closed', 'Conducted']) : random.pick(['Booked', 'Scheduled']);
  return {
    Id: random.guid(),
    LotId: refs.lot.Id,
    TenantContactId: refs.tenantContactId,
    OwnerContactId: refs.ownerContactId,
    ManagerMemberId: refs.lot.ManagerMemberId,
    Type: type,
    Status: status,
    StartTime: isoDate(startMs),
    Duration: random.pick([15, 30, 30, 45, 60]),
    DueDate: isoDate(dayOffset(startMs, 0)),
    Summary: `${type} inspection`,
    Description: `${type} inspection of ${refs.lot.Address.Text}.`,
    IsPublished: status !== 'Booked',
    ClosedOn: status === 'Closed' ? isoDate(updatedMs) : null,
    CreatedOn: isoDate(createdMs),
    UpdatedOn: isoDate(updatedMs),
    Timestamp: portfolio.nextTimestamp(),
  };
}
