import { AGENCY_NAME } from './names.js';
import {
  dayOffset,
  makeContact,
  makeInspection,
  makeJob,
  makeLot,
  makeMember,
  makeTask,
  makeTenancy,
} from './factory.js';
import { Portfolio } from './portfolio.js';
import { Random } from './random.js';
import type { ContactRecord, LotRecord } from './records.js';

/** Record counts of a generated portfolio. */
export interface PortfolioCounts {
  lots: number;
  /** Total contacts. Owners, tenants and suppliers come first; the rest are sellers and others. */
  contacts: number;
  members: number;
  jobs: number;
  inspections: number;
  tasks: number;
}

export type ScalePreset = 'small' | 'large';

export const SCALE_PRESETS: Readonly<Record<ScalePreset, PortfolioCounts>> = {
  small: { lots: 50, contacts: 150, members: 5, jobs: 120, inspections: 60, tasks: 60 },
  large: { lots: 5_000, contacts: 15_000, members: 40, jobs: 25_000, inspections: 10_000, tasks: 10_000 },
};

/**
 * Generation "now": a fixed instant so that the same seed always gives the same dates. Churn uses
 * the real clock for the records it changes.
 */
export const GENERATION_NOW_MS = Date.UTC(2025, 5, 30, 0, 0, 0);

// Share of open tenancies in arrears: enough that the small portfolio has a handful to report.
const ARREARS_RATE = 0.25;
const ARCHIVED_LOT_RATE = 0.04;
const ARCHIVED_CONTACT_RATE = 0.05;

/**
 * Generates a deterministic portfolio: the same seed and counts always give the same records, ids
 * and `Timestamp`s. Every reference resolves: owners through ownerships, tenants through tenancies,
 * managers are members and jobs, inspections and tasks sit on existing lots and contacts.
 */
export function generatePortfolio(seed: number, counts: PortfolioCounts): Portfolio {
  const random = new Random(seed);
  const now = GENERATION_NOW_MS;
  const portfolio = new Portfolio(random.guid(), AGENCY_NAME, 'SANDBOX');
  const past = (minDays: number, maxDays: number) => dayOffset(now, -random.int(minDays, maxDays));

  for (let i = 0; i < Math.max(1, counts.members); i += 1) {
    const member = makeMember(random, i, past(400, 3000));
    portfolio.members.set(member.Id, member);
  }
  const memberIds = [...portfolio.members.keys()];

  const addContact = (roles: Parameters<typeof makeContact>[2]): ContactRecord => {
    const created = past(200, 2500);
    const contact = makeContact(random, portfolio, roles, created, Math.min(now, dayOffset(created, random.int(0, 400))));
    portfolio.contacts.set(contact.Id, contact);
    return contact;
  };

  const suppliers: ContactRecord[] = [];
  for (let i = 0; i < Math.max(3, Math.round(counts.lots / 10)); i += 1) suppliers.push(addContact({ IsSupplier: true }));

  const owners: ContactRecord[] = [];
  let folioNumber = 1;
  for (let i = 0; i < counts.lots; i += 1) {
    const owner = owners.length > 0 && random.chance(0.2) ? random.pick(owners) : addContact({ IsOwner: true });
    if (!owners.includes(owner)) owners.push(owner);
    generateLot(random, portfolio, { owner, memberIds, now, folioNumber: () => folioNumber++, addContact });
  }

  while (portfolio.contacts.size < counts.contacts) addContact(random.chance(0.3) ? { IsSeller: true } : {});
  archiveSomeContacts(random, portfolio, now);

  const lots = [...portfolio.lots.values()];
  const supplierIds = suppliers.map((supplier) => supplier.Id);
  const contactIds = [...portfolio.contacts.keys()];
  for (let i = 0; i < counts.jobs; i += 1) {
    const lot = random.pick(lots);
    const created = past(1, 900);
    const job = makeJob(random, portfolio, { lot, ...lotParties(portfolio, lot), supplierContactId: random.pick(supplierIds) }, created, Math.min(now, dayOffset(created, random.int(0, 30))));
    portfolio.jobs.set(job.Id, job);
  }
  for (let i = 0; i < counts.inspections; i += 1) {
    const lot = random.pick(lots);
    const created = past(1, 700);
    const inspection = makeInspection(random, portfolio, { lot, ...lotParties(portfolio, lot) }, created, Math.min(now, dayOffset(created, random.int(0, 60))), now);
    portfolio.inspections.set(inspection.Id, inspection);
  }
  for (let i = 0; i < counts.tasks; i += 1) {
    const lot = random.chance(0.8) ? random.pick(lots) : null;
    const contactId = lot === null ? random.pick(contactIds) : lotParties(portfolio, lot).ownerContactId;
    const created = past(1, 500);
    const task = makeTask(random, portfolio, { lotId: lot?.Id ?? null, contactId, managerMemberId: random.pick(memberIds) }, created, Math.min(now, dayOffset(created, random.int(0, 20))));
    portfolio.tasks.set(task.Id, task);
  }
  return portfolio;
}

/** Returns the owner and the current tenant (if any) of a lot. */
export function lotParties(portfolio: Portfolio, lot: LotRecord): { ownerContactId: string; tenantContactId: string | null } {
  const ownership = portfolio.ownerships.get(lot.OwnershipId);
  if (ownership === undefined) throw new Error(`Lot ${lot.Id} has no ownership ${lot.OwnershipId}`);
  const tenancy = lot.ActiveTenancyId === null ? undefined : portfolio.tenancies.get(lot.ActiveTenancyId);
  return { ownerContactId: ownership.ContactId, tenantContactId: tenancy?.ContactId ?? null };
}

interface LotContext {
  owner: ContactRecord;
  memberIds: string[];
  now: number;
  folioNumber: () => number;
  addContact: (roles: Parameters<typeof makeContact>[2]) => ContactRecord;
}

/** Adds one lot with its ownership, a closed earlier tenancy (sometimes) and an open tenancy (usually). */
function generateLot(random: Random, portfolio: Portfolio, context: LotContext): void {
  const { now } = context;
  const created = dayOffset(now, -random.int(400, 3000));
  const ownershipId = random.guid();
  let lot = makeLot(random, portfolio, { ManagerMemberId: random.pick(context.memberIds), OwnershipId: ownershipId }, created, dayOffset(now, -random.int(0, 300)));
  portfolio.ownerships.set(ownershipId, {
    Id: ownershipId,
    LotId: lot.Id,
    ContactId: context.owner.Id,
    FolioId: context.owner.FolioId,
    OwnedFrom: lot.CreatedOn,
    CreatedOn: lot.CreatedOn,
    UpdatedOn: lot.CreatedOn,
  });

  if (lot.IsRental && random.chance(0.4)) {
    const earlierTenant = context.addContact({ IsTenant: true });
    const start = dayOffset(created, random.int(10, 100));
    const closed = Math.min(dayOffset(start, random.int(180, 700)), dayOffset(now, -120));
    const tenancy = makeTenancy(random, lot, earlierTenant.Id, { startMs: start, nowMs: now, closedMs: Math.max(closed, dayOffset(start, 30)), arrearsRate: 0, folioNumber: context.folioNumber() });
    portfolio.tenancies.set(tenancy.Id, tenancy);
  }

  const archived = random.chance(ARCHIVED_LOT_RATE);
  if (lot.IsRental && !archived && random.chance(0.88)) {
    const tenant = context.addContact({ IsTenant: true });
    const start = dayOffset(now, -random.int(30, 1000));
    const tenancy = makeTenancy(random, lot, tenant.Id, { startMs: start, nowMs: now, closedMs: null, arrearsRate: ARREARS_RATE, folioNumber: context.folioNumber() });
    portfolio.tenancies.set(tenancy.Id, tenancy);
    lot = { ...lot, ActiveTenancyId: tenancy.Id };
  }
  if (archived) lot = { ...lot, ArchivedOn: lot.UpdatedOn, NextInspectionOn: null };
  portfolio.lots.set(lot.Id, lot);
}

/** Archives a share of the contacts that no open tenancy or ownership of a current lot needs. */
function archiveSomeContacts(random: Random, portfolio: Portfolio, now: number): void {
  const inUse = new Set<string>();
  for (const tenancy of portfolio.tenancies.values()) if (tenancy.ClosedOn === null) inUse.add(tenancy.ContactId);
  for (const ownership of portfolio.ownerships.values()) inUse.add(ownership.ContactId);
  for (const contact of [...portfolio.contacts.values()]) {
    if (contact.IsSupplier || inUse.has(contact.Id) || !random.chance(ARCHIVED_CONTACT_RATE * 3)) continue;
    const archivedOn = new Date(dayOffset(now, -random.int(1, 300))).toISOString();
    portfolio.contacts.set(contact.Id, { ...contact, ArchivedOn: archivedOn, UpdatedOn: archivedOn, Timestamp: portfolio.nextTimestamp() });
  }
}
