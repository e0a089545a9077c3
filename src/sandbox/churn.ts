import { lotParties } from './data/generate.js';
import { makeContact, makeInspection, makeJob, makeTask } from './data/factory.js';
import type { Portfolio } from './data/portfolio.js';
import { Random } from './data/random.js';

/** Kinds of change that churn applies. */
export const CHURN_KINDS = [
  'editContact', 'archiveContact', 'deleteContact', 'newContact',
  'editLot', 'archiveLot', 'closeTenancy',
  'editJob', 'deleteJob', 'newJob',
  'editTask', 'deleteTask', 'newTask',
  'editInspection', 'deleteInspection', 'newInspection',
] as const;

export type ChurnKind = (typeof CHURN_KINDS)[number];

export interface ChurnOptions {
  /** Seed of the choices. Default: derived from the portfolio's revision, so repeated calls differ. */
  seed?: number;
  /** Number of changes. Default 10 unless `fraction` is given. */
  count?: number;
  /** Number of changes as a share of all contacts, lots, jobs, tasks and inspections. */
  fraction?: number;
  /** Kinds to draw from. Default: all of them. */
  kinds?: readonly ChurnKind[];
}

/** Ids touched by one churn call, per kind of change. */
export type ChurnSummary = Record<ChurnKind, string[]> & {
  /** Number of changes applied; a kind with no eligible record is skipped. */
  changes: number;
  /** Highest `Timestamp` after the churn. */
  lastTimestamp: bigint;
};

type Change = (random: Random, portfolio: Portfolio, now: Date) => string | undefined;

function pickWhere<T>(random: Random, items: Iterable<T>, keep: (item: T) => boolean): T | undefined {
  const eligible = [...items].filter(keep);
  return eligible.length === 0 ? undefined : random.pick(eligible);
}

/** Ids of contacts that an open tenancy or the ownership of a current lot refers to. */
function contactsInUse(portfolio: Portfolio): Set<string> {
  const used = new Set<string>();
  for (const tenancy of portfolio.tenancies.values()) if (tenancy.ClosedOn === null) used.add(tenancy.ContactId);
  for (const lot of portfolio.lots.values()) {
    if (lot.ArchivedOn === null) used.add(portfolio.ownerships.get(lot.OwnershipId)?.ContactId ?? '');
  }
  return used;
}

/** Ids of contacts that any record refers to, which therefore cannot be deleted. */
function contactsReferenced(portfolio: Portfolio): Set<string> {
  const used = new Set<string>();
  for (const tenancy of portfolio.tenancies.values()) used.add(tenancy.ContactId);
  for (const ownership of portfolio.ownerships.values()) used.add(ownership.ContactId);
  for (const job of portfolio.jobs.values()) for (const id of [job.OwnerContactId, job.TenantContactId, job.SupplierContactId]) if (id !== null) used.add(id);
  for (const task of portfolio.tasks.values()) if (task.ContactId !== null) used.add(task.ContactId);
  for (const inspection of portfolio.inspections.values()) for (const id of [inspection.OwnerContactId, inspection.TenantContactId]) if (id !== null) used.add(id);
  return used;
}

function closeTenancyOf(portfolio: Portfolio, tenancyId: string, nowIso: string): void {
  const tenancy = portfolio.tenancies.get(tenancyId);
  if (tenancy === undefined) return;
  portfolio.tenancies.set(tenancyId, { ...tenancy, ClosedOn: nowIso, TenancyEnd: nowIso, ArrearsDays: 0, RentArrears: 0, UpdatedOn: nowIso });
}

const changes: Record<ChurnKind, Change> = {
  editContact: (random, portfolio, now) => {
    const contact = pickWhere(random, portfolio.contacts.values(), () => true);
    if (contact === undefined) return undefined;
    const cellPhone = `04${random.int(10, 99)} ${random.int(100, 999)} ${random.int(100, 999)}`;
    portfolio.contacts.set(contact.Id, { ...contact, CellPhone: cellPhone, UpdatedOn: now.toISOString(), Timestamp: portfolio.nextTimestamp() });
    return contact.Id;
  },
  archiveContact: (random, portfolio, now) => {
    const used = contactsInUse(portfolio);
    const contact = pickWhere(random, portfolio.contacts.values(), (candidate) => candidate.ArchivedOn === null && !candidate.IsSupplier && !used.has(candidate.Id));
    if (contact === undefined) return undefined;
    portfolio.contacts.set(contact.Id, { ...contact, ArchivedOn: now.toISOString(), UpdatedOn: now.toISOString(), Timestamp: portfolio.nextTimestamp() });
    return contact.Id;
  },
  deleteContact: (random, portfolio) => {
    const referenced = contactsReferenced(portfolio);
    const contact = pickWhere(random, portfolio.contacts.values(), (candidate) => !referenced.has(candidate.Id));
    if (contact === undefined) return undefined;
    portfolio.contacts.delete(contact.Id);
    portfolio.touch();
    return contact.Id;
  },
  newContact: (random, portfolio, now) => {
    const contact = makeContact(random, portfolio, random.chance(0.5) ? { IsSeller: true } : {}, now.getTime(), now.getTime());
    portfolio.contacts.set(contact.Id, contact);
    return contact.Id;
  },
  editLot: (random, portfolio, now) => {
    const lot = pickWhere(random, portfolio.lots.values(), (candidate) => candidate.ArchivedOn === null);
    if (lot === undefined) return undefined;
    portfolio.lots.set(lot.Id, { ...lot, AdRentAmount: lot.AdRentAmount + 5 * random.int(1, 10), UpdatedOn: now.toISOString(), Timestamp: portfolio.nextTimestamp() });
    return lot.Id;
  },
  archiveLot: (random, portfolio, now) => {
    const lot = pickWhere(random, portfolio.lots.values(), (candidate) => candidate.ArchivedOn === null);
    if (lot === undefined) return undefined;
    const nowIso = now.toISOString();
    if (lot.ActiveTenancyId !== null) closeTenancyOf(portfolio, lot.ActiveTenancyId, nowIso);
    portfolio.lots.set(lot.Id, { ...lot, ActiveTenancyId: null, ArchivedOn: nowIso, NextInspectionOn: null, UpdatedOn: nowIso, Timestamp: portfolio.nextTimestamp() });
    return lot.Id;
  },
  closeTenancy: (random, portfolio, now) => {
    const lot = pickWhere(random, portfolio.lots.values(), (candidate) => candidate.ActiveTenancyId !== null);
    if (lot === undefined || lot.ActiveTenancyId === null) return undefined;
    const nowIso = now.toISOString();
    closeTenancyOf(portfolio, lot.ActiveTenancyId, nowIso);
    // The lot changes too: it is vacant now, so it takes a new Timestamp.
    portfolio.lots.set(lot.Id, { ...lot, ActiveTenancyId: null, UpdatedOn: nowIso, Timestamp: portfolio.nextTimestamp() });
    return lot.ActiveTenancyId;
  },
  editJob: (random, portfolio, now) => {
    const job = pickWhere(random, portfolio.jobs.values(), () => true);
    if (job === undefined) return undefined;
    const status = random.pick(['Assigned', 'Approved', 'Completed']);
    portfolio.jobs.set(job.Id, { ...job, Status: status, ClosedOn: status === 'Completed' ? now.toISOString() : null, UpdatedOn: now.toISOString(), Timestamp: portfolio.nextTimestamp() });
    return job.Id;
  },
  deleteJob: (random, portfolio) => deleteFrom(random, portfolio, portfolio.jobs),
  newJob: (random, portfolio, now) => {
    const lot = pickWhere(random, portfolio.lots.values(), (candidate) => candidate.ArchivedOn === null);
    const supplier = pickWhere(random, portfolio.contacts.values(), (candidate) => candidate.IsSupplier);
    if (lot === undefined) return undefined;
    const job = makeJob(random, portfolio, { lot, ...lotParties(portfolio, lot), supplierContactId: supplier?.Id ?? null }, now.getTime(), now.getTime());
    portfolio.jobs.set(job.Id, job);
    return job.Id;
  },
  editTask: (random, portfolio, now) => {
    const task = pickWhere(random, portfolio.tasks.values(), () => true);
    if (task === undefined) return undefined;
    const closing = task.TaskStatus === 'Active';
    portfolio.tasks.set(task.Id, { ...task, TaskStatus: closing ? 'Closed' : 'Active', ClosedOn: closing ? now.toISOString() : null, UpdatedOn: now.toISOString(), Timestamp: portfolio.nextTimestamp() });
    return task.Id;
  },
  deleteTask: (random, portfolio) => deleteFrom(random, portfolio, portfolio.tasks),
  newTask: (random, portfolio, now) => {
    const lot = pickWhere(random, portfolio.lots.values(), (candidate) => candidate.ArchivedOn === null);
    if (lot === undefined) return undefined;
    const task = makeTask(random, portfolio, { lotId: lot.Id, contactId: lotParties(portfolio, lot).ownerContactId, managerMemberId: lot.ManagerMemberId }, now.getTime(), now.getTime());
    portfolio.tasks.set(task.Id, task);
    return task.Id;
  },
  editInspection: (random, portfolio, now) => {
    const inspection = pickWhere(random, portfolio.inspections.values(), () => true);
    if (inspection === undefined) return undefined;
    const status = random.pick(['Scheduled', 'Conducted', 'Closed']);
    portfolio.inspections.set(inspection.Id, { ...inspection, Status: status, IsPublished: true, ClosedOn: status === 'Closed' ? now.toISOString() : null, UpdatedOn: now.toISOString(), Timestamp: portfolio.nextTimestamp() });
    return inspection.Id;
  },
  deleteInspection: (random, portfolio) => deleteFrom(random, portfolio, portfolio.inspections),
  newInspection: (random, portfolio, now) => {
    const lot = pickWhere(random, portfolio.lots.values(), (candidate) => candidate.ArchivedOn === null);
    if (lot === undefined) return undefined;
    const inspection = makeInspection(random, portfolio, { lot, ...lotParties(portfolio, lot) }, now.getTime(), now.getTime(), now.getTime());
    portfolio.inspections.set(inspection.Id, inspection);
    return inspection.Id;
  },
};

function deleteFrom<T extends { Id: string }>(random: Random, portfolio: Portfolio, records: Map<string, T>): string | undefined {
  const record = pickWhere(random, records.values(), () => true);
  if (record === undefined) return undefined;
  records.delete(record.Id);
  portfolio.touch();
  return record.Id;
}

/**
 * Changes the portfolio the way day-to-day work does: edits, archived contacts and lots, closed
 * tenancies, deletions and new records. Every edited or new record takes a `Timestamp` higher than
 * any before it, so an incremental sync receives exactly these changes.
 */
export function churnPortfolio(portfolio: Portfolio, options: ChurnOptions = {}, now: Date = new Date()): ChurnSummary {
  const kinds = options.kinds ?? CHURN_KINDS;
  for (const kind of kinds) if (!(kind in changes)) throw new TypeError(`Unknown churn kind ${JSON.stringify(kind)}; expected one of ${CHURN_KINDS.join(', ')}`);
  if (kinds.length === 0) throw new TypeError('churn needs at least one kind');

  const total = portfolio.contacts.size + portfolio.lots.size + portfolio.jobs.size + portfolio.tasks.size + portfolio.inspections.size;
  const count = options.count ?? (options.fraction === undefined ? 10 : Math.max(1, Math.round(options.fraction * total)));
  if (!Number.isInteger(count) || count < 0) throw new TypeError(`churn count must be a non-negative integer, got ${count}`);

  const random = new Random(options.seed ?? portfolio.revision + 1);
  const summary = Object.fromEntries(CHURN_KINDS.map((kind) => [kind, [] as string[]])) as unknown as ChurnSummary;
  summary.changes = 0;
  for (let i = 0; i < count; i += 1) {
    const kind = random.pick(kinds);
    const id = changes[kind](random, portfolio, now);
    if (id === undefined) continue;
    summary[kind].push(id);
    summary.changes += 1;
  }
  summary.lastTimestamp = portfolio.lastTimestamp;
  return summary;
}
