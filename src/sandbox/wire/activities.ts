import type {
  ChangedInspectionData,
  GetInspectionResponse,
  InspectionDataTableRow,
  InspectionTask,
  InspectionTaskData,
  IntegratorJobTaskV2QueryData,
  JobQueryData,
  JobQueryV2Data,
  JobTaskQueryData,
  JobTaskV2QueryData,
  MobJobTaskQueryData,
  MobTaskQueryData,
  TaskQueryData,
} from '../../api/generated/wire-models.js';
import type { Portfolio } from '../data/portfolio.js';
import type { InspectionRecord, JobRecord, TaskRecord } from '../data/records.js';
import { contactView, memberName } from './contacts.js';
import { lotView } from './lots.js';

// Wire views of jobs (job tasks), tasks and inspections.

function referenceOf(portfolio: Portfolio, contactId: string | null): string | null {
  return contactId === null ? null : portfolio.contacts.get(contactId)?.Reference ?? null;
}

function lotReference(portfolio: Portfolio, lotId: string | null): string | null {
  return lotId === null ? null : portfolio.lots.get(lotId)?.Reference ?? null;
}

/** Fields every job view shares. */
function jobCore(portfolio: Portfolio, job: JobRecord) {
  return {
    Id: job.Id,
    CustomerId: portfolio.customerId,
    DueDate: job.DueDate,
    CreatedOn: job.CreatedOn,
    ClosedOn: job.ClosedOn,
    Summary: job.Summary,
    Description: job.Description,
    LotId: job.LotId,
    OwnerContactId: job.OwnerContactId,
    TenantContactId: job.TenantContactId,
    ContactId: job.SupplierContactId,
    ManagerMemberId: job.ManagerMemberId,
    LotReference: lotReference(portfolio, job.LotId),
    ContactReference: referenceOf(portfolio, job.SupplierContactId),
    ManagerName: memberName(portfolio, job.ManagerMemberId),
    Status: job.Status,
    Number: job.Number,
    OwnerAttending: false,
    TenantAttending: job.Access === 'Tenant',
    SupplierReference: referenceOf(portfolio, job.SupplierContactId),
    DisplayNumber: `J${String(job.Number).padStart(6, '0')}`,
  };
}

function mobJobFields(portfolio: Portfolio, job: JobRecord) {
  return {
    ...jobCore(portfolio, job),
    TenantReference: referenceOf(portfolio, job.TenantContactId),
    OwnerReference: referenceOf(portfolio, job.OwnerContactId),
    IsLetterStatement: false,
    StatementId: '00000000-0000-0000-0000-000000000000',
    TaskType: 'Job',
    Timestamp: job.Timestamp,
    ReportedContactType: job.ReportedContactType,
    Access: job.Access,
    SupplierInstructions: job.SupplierInstructions,
    UpdatedOn: job.UpdatedOn,
  };
}

/** Item of `GET /v1/jobtasks`. */
export function mobJobView(portfolio: Portfolio, job: JobRecord): MobJobTaskQueryData {
  return mobJobFields(portfolio, job);
}

/** Item of `GET /v2/jobtasks`. */
export function integratorJobV2View(portfolio: Portfolio, job: JobRecord): IntegratorJobTaskV2QueryData {
  return { ...mobJobFields(portfolio, job), Priority: job.Priority };
}

/** Body of `GET /v1/jobtasks/{Id}`. */
export function jobDetailView(portfolio: Portfolio, job: JobRecord): JobTaskQueryData {
  const { IsLetterStatement: _letter, StatementId: _statement, ...fields } = mobJobFields(portfolio, job);
  const lot = portfolio.lots.get(job.LotId);
  return {
    ...fields,
    StrataAttending: false,
    LotActiveManagerMemberId: lot?.ManagerMemberId ?? null,
    LotManagerName: memberName(portfolio, lot?.ManagerMemberId ?? null),
    TaskManagerName: memberName(portfolio, job.ManagerMemberId),
    Label: job.Summary,
  };
}

/** Body of `GET /v2/jobtasks/{Id}`. */
export function jobDetailV2View(portfolio: Portfolio, job: JobRecord): JobTaskV2QueryData {
  return { ...jobDetailView(portfolio, job), Priority: job.Priority };
}

/** Item of `GET /v1/jobtasks/search`. */
export function jobSearchView(portfolio: Portfolio, job: JobRecord): JobQueryData {
  const member = portfolio.members.get(job.ManagerMemberId);
  return { ...jobCore(portfolio, job), MemberFirstName: member?.FirstName ?? null, MemberLastName: member?.LastName ?? null };
}

/** Item of `GET /v2/jobtasks/search`. */
export function jobSearchV2View(portfolio: Portfolio, job: JobRecord): JobQueryV2Data {
  return { ...jobSearchView(portfolio, job), Priority: job.Priority };
}

function taskCore(portfolio: Portfolio, task: TaskRecord) {
  const lot = task.LotId === null ? undefined : portfolio.lots.get(task.LotId);
  return {
    LotReference: lot?.Reference ?? null,
    ContactReference: referenceOf(portfolio, task.ContactId),
    ManagerName: memberName(portfolio, task.ManagerMemberId),
    TaskType: 'Task',
    Timestamp: task.Timestamp,
    Type: 'Task',
    Priority: task.Priority,
    TaskStatus: task.TaskStatus,
    Id: task.Id,
    CustomerId: portfolio.customerId,
    DueDate: task.DueDate,
    CreatedOn: task.CreatedOn,
    ClosedOn: task.ClosedOn,
    Summary: task.Summary,
    Description: task.Description,
    LotId: task.LotId,
    ContactId: task.ContactId,
    ManagerMemberId: task.ManagerMemberId,
    UpdatedOn: task.UpdatedOn,
    lot,
  };
}

/** Item of `GET /v1/tasks`. */
export function mobTaskView(portfolio: Portfolio, task: TaskRecord): MobTaskQueryData {
  const { lot, ...core } = taskCore(portfolio, task);
  return { ...core, ActivePropertyManagerId: lot?.ManagerMemberId ?? task.ManagerMemberId };
}

/** Body of `GET /v1/tasks/{Id}`. */
export function taskDetailView(portfolio: Portfolio, task: TaskRecord): TaskQueryData {
  const { lot, ...core } = taskCore(portfolio, task);
  const contact = task.ContactId === null ? undefined : portfolio.contacts.get(task.ContactId);
  return {
    ...core,
    ContactPhone: contact?.CellPhone ?? null,
    ContactCellPhone: contact?.CellPhone ?? null,
    ContactEmail: contact?.Email ?? null,
    PropertyType: lot?.PropertySubtype ?? null,
    Bedrooms: lot?.Bedrooms ?? 0,
    Bathrooms: lot?.Bathrooms ?? 0,
    CarSpaces: lot?.CarSpaces ?? 0,
    LotManagerMemberId: lot?.ManagerMemberId ?? null,
    LotManagerName: memberName(portfolio, lot?.ManagerMemberId ?? null),
    Status: task.TaskStatus,
    IsLetterStatement: false,
    StatementId: '00000000-0000-0000-0000-000000000000',
    Label: task.Summary,
  };
}

function inspectionCore(portfolio: Portfolio, inspection: InspectionRecord) {
  const lot = portfolio.lots.get(inspection.LotId);
  return {
    Id: inspection.Id,
    CustomerId: portfolio.customerId,
    DueDate: inspection.DueDate,
    CreatedOn: inspection.CreatedOn,
    ClosedOn: inspection.ClosedOn,
    Summary: inspection.Summary,
    Description: inspection.Description,
    LotId: inspection.LotId,
    TenantContactId: inspection.TenantContactId,
    OwnerContactId: inspection.OwnerContactId,
    ManagerMemberId: inspection.ManagerMemberId,
    UpdatedOn: inspection.UpdatedOn,
    StartTime: inspection.StartTime,
    Duration: inspection.Duration,
    Type: inspection.Type,
    Status: inspection.Status,
    lot,
  };
}

function inspectionDataFields(portfolio: Portfolio, inspection: InspectionRecord) {
  const { lot, ...core } = inspectionCore(portfolio, inspection);
  return {
    ...core,
    LotReference: lot?.Reference ?? null,
    AddressText: lot?.Address.Text ?? null,
    KeyNumber: lot?.KeyNumber ?? null,
    Longitude: lot?.Address.Longitude ?? null,
    Latitude: lot?.Address.Latitude ?? null,
    TenantReference: referenceOf(portfolio, inspection.TenantContactId),
    OwnerReference: referenceOf(portfolio, inspection.OwnerContactId),
    ManagerName: memberName(portfolio, inspection.ManagerMemberId),
    Timestamp: inspection.Timestamp,
    IsPublished: inspection.IsPublished,
    StatusText: inspection.Status,
    StartTimeText: inspection.StartTime.slice(11, 16),
  };
}

function currentRent(portfolio: Portfolio, inspection: InspectionRecord) {
  const lot = portfolio.lots.get(inspection.LotId);
  const tenancy = lot?.ActiveTenancyId == null ? undefined : portfolio.tenancies.get(lot.ActiveTenancyId);
  return { CurrentRentAmount: tenancy?.RentAmount ?? 0, CurrentRentPeriod: tenancy?.RentPeriod ?? null };
}

/** Item of `GET /v1/inspections`. */
export function changedInspectionView(portfolio: Portfolio, inspection: InspectionRecord): ChangedInspectionData {
  return { ...inspectionDataFields(portfolio, inspection), ...currentRent(portfolio, inspection) };
}

export function inspectionTaskDataView(portfolio: Portfolio, inspection: InspectionRecord): InspectionTaskData {
  return { ...inspectionDataFields(portfolio, inspection), TenantHasReviewed: false };
}

/** Body of `GET /v1/inspections/{Id}`. */
export function inspectionResponseView(portfolio: Portfolio, inspection: InspectionRecord): GetInspectionResponse {
  const lot = portfolio.lots.get(inspection.LotId);
  const tenant = inspection.TenantContactId === null ? undefined : portfolio.contacts.get(inspection.TenantContactId);
  const owner = portfolio.contacts.get(inspection.OwnerContactId);
  return {
    Inspection: inspectionTaskDataView(portfolio, inspection),
    Property: lot === undefined ? null : lotView(portfolio, lot),
    Tenant: tenant === undefined ? null : contactView(portfolio, tenant),
    Owner: owner === undefined ? null : contactView(portfolio, owner),
    ...currentRent(portfolio, inspection),
    OwnerFolioId: owner?.FolioId ?? null,
    TenantHasReviewed: false,
    SubscriptionAllowsTenantToReviewECR: false,
    RequiresTenantReviewsEcrFeature: false,
    IsSuccessful: true,
  };
}

/** Item of `GET /v1/inspections/search`. */
export function inspectionTaskView(portfolio: Portfolio, inspection: InspectionRecord): InspectionTask {
  const { lot: _lot, ...core } = inspectionCore(portfolio, inspection);
  return core;
}

/** Item of `GET /v1/inspections/query` and `GET /v1/inspections/status/{Status}`. */
export function inspectionRowView(portfolio: Portfolio, inspection: InspectionRecord): InspectionDataTableRow {
  const member = portfolio.members.get(inspection.ManagerMemberId);
  const dueMs = Date.parse(inspection.DueDate);
  return {
    Id: inspection.Id,
    CustomerId: portfolio.customerId,
    DueDate: inspection.DueDate,
    ClosedOn: inspection.ClosedOn,
    StartTime: inspection.StartTime,
    Type: inspection.Type,
    Summary: inspection.Summary,
    LotReference: lotReference(portfolio, inspection.LotId),
    TenantReference: referenceOf(portfolio, inspection.TenantContactId),
    ManagerName: memberName(portfolio, inspection.ManagerMemberId),
    MemberFirstName: member?.FirstName ?? null,
    MemberLastName: member?.LastName ?? null,
    Status: inspection.Status,
    IsPublished: inspection.IsPublished,
    StartTimeText: inspection.StartTime.slice(11, 16),
    StatusText: inspection.Status,
    // The sandbox does not model tenant-completed condition reports, so these dates repeat the due date.
    AssignedToTenantDate: inspection.DueDate,
    TenantReturnDueDate: inspection.DueDate,
    TenantReturnDate: inspection.DueDate,
    DaysPastOrRemaining: Math.round((dueMs - Date.now()) / 86_400_000),
  };
}
