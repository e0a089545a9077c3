import { randomUUID } from 'node:crypto';
import { lotParties } from '../data/generate.js';
import type { JobPriority, JobRecord } from '../data/records.js';
import {
  integratorJobV2View,
  jobDetailV2View,
  jobDetailView,
  jobSearchV2View,
  jobSearchView,
  mobJobView,
} from '../wire/activities.js';
import { addComment } from './comments.js';
import {
  ApiFailure,
  bodyDate,
  bodyGuid,
  bodyString,
  dateParam,
  found,
  jsonResponse,
  listResponse,
  page,
  pathId,
  recordResponse,
  timestampParam,
  type ApiHandler,
  type ApiRequest,
} from './context.js';

// Job (job task) operations, v1 and v2.

const PRIORITIES: readonly JobPriority[] = ['Low', 'Medium', 'High', 'Urgent'];

function jobById(request: ApiRequest): JobRecord {
  const id = pathId(request);
  return found(request.portfolio.jobs.get(id), 'Job', id);
}

function changedJobs(request: ApiRequest): JobRecord[] {
  const since = timestampParam(request, 400);
  return [...request.portfolio.jobs.values()].filter((job) => job.Timestamp > since);
}

function searchJobs(request: ApiRequest, withPriority: boolean): JobRecord[] {
  const dueMin = dateParam(request, 'DueDateMin');
  const dueMax = dateParam(request, 'DueDateMax');
  const createdMin = dateParam(request, 'DateCreatedMin');
  const createdMax = dateParam(request, 'DateCreatedMax');
  const status = request.query.get('status');
  const priority = withPriority ? request.query.get('priority') : undefined;
  const within = (value: string | null, min: number | undefined, max: number | undefined) => {
    if (min === undefined && max === undefined) return true;
    if (value === null) return false;
    const ms = Date.parse(value);
    return (min === undefined || ms >= min) && (max === undefined || ms <= max);
  };
  const matches = [...request.portfolio.jobs.values()].filter(
    (job) =>
      within(job.DueDate, dueMin, dueMax) &&
      within(job.CreatedOn, createdMin, createdMax) &&
      (status === undefined || status === '' || job.Status.toLowerCase() === status.toLowerCase()) &&
      (priority === undefined || priority === '' || job.Priority.toLowerCase() === priority.toLowerCase()),
  );
  return page(request, matches);
}

function priorityOf(request: ApiRequest, fallback: JobPriority): JobPriority {
  const value = bodyString(request, 'Priority', false);
  if (value === undefined) return fallback;
  const priority = PRIORITIES.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (priority === undefined) throw new ApiFailure(400, `Invalid Priority: ${JSON.stringify(value)}; expected one of ${PRIORITIES.join(', ')}`);
  return priority;
}

/** Creates a job from an add request (v1 or v2). */
function addJob(request: ApiRequest): ReturnType<ApiHandler> {
  const { portfolio } = request;
  const lotId = bodyGuid(request, 'LotId', true) as string;
  const lot = found(portfolio.lots.get(lotId), 'Lot', lotId);
  const parties = lotParties(portfolio, lot);
  const now = request.now().toISOString();
  const job: JobRecord = {
    Id: randomUUID(),
    Number: portfolio.nextJobNumber(),
    LotId: lot.Id,
    OwnerContactId: parties.ownerContactId,
    TenantContactId: parties.tenantContactId,
    SupplierContactId: null,
    ManagerMemberId: bodyGuid(request, 'ManagerMemberId', false) ?? lot.ManagerMemberId,
    Summary: bodyString(request, 'Summary', true) as string,
    Description: bodyString(request, 'Description', true) as string,
    Status: 'Reported',
    Priority: priorityOf(request, 'Medium'),
    ReportedContactType: bodyString(request, 'ReportedContactType', true) as string,
    Access: bodyString(request, 'Access', true) as string,
    SupplierInstructions: bodyString(request, 'SupplierInstructions', false) ?? null,
    DueDate: bodyDate(request, 'DueDate', false) ?? null,
    ClosedOn: null,
    CreatedOn: now,
    UpdatedOn: now,
    Timestamp: portfolio.nextTimestamp(),
  };
  portfolio.jobs.set(job.Id, job);
  return jsonResponse(200, { JobTaskId: job.Id, JobQuoteId: '00000000-0000-0000-0000-000000000000', IsSuccessful: true });
}

/** Applies an update request (v1 or v2) to an existing job. */
function updateJob(request: ApiRequest): ReturnType<ApiHandler> {
  const { portfolio } = request;
  const job = jobById(request);
  const lotId = bodyGuid(request, 'LotId', true) as string;
  found(portfolio.lots.get(lotId), 'Lot', lotId);
  const updated: JobRecord = {
    ...job,
    LotId: lotId,
    Summary: bodyString(request, 'Summary', true) as string,
    Description: bodyString(request, 'Description', true) as string,
    Access: bodyString(request, 'Access', true) as string,
    DueDate: bodyDate(request, 'DueDate', false) ?? job.DueDate,
    ManagerMemberId: bodyGuid(request, 'ManagerMemberId', false) ?? job.ManagerMemberId,
    TenantContactId: bodyGuid(request, 'TenantContactId', false) ?? job.TenantContactId,
    SupplierInstructions: bodyString(request, 'SupplierInstructions', false) ?? job.SupplierInstructions,
    Priority: priorityOf(request, job.Priority),
    UpdatedOn: request.now().toISOString(),
    Timestamp: portfolio.nextTimestamp(),
  };
  portfolio.jobs.set(job.Id, updated);
  return jsonResponse(200, { JobTaskId: job.Id, JobQuoteId: '00000000-0000-0000-0000-000000000000', IsSuccessful: true });
}

export const jobHandlers: Record<string, ApiHandler> = {
  ChangedJobTaskRequestjobtasks_Get: (request) => listResponse(request, 'MobJobTaskQueryData', changedJobs(request), (job) => mobJobView(request.portfolio, job)),
  ChangedJobTaskV2Requestjobtasks_Get: (request) => listResponse(request, 'IntegratorJobTaskV2QueryData', changedJobs(request), (job) => integratorJobV2View(request.portfolio, job)),
  JobTaskRequestjobtasksId_Get: (request) => recordResponse(request, 'JobTaskQueryData', jobById(request), (job) => jobDetailView(request.portfolio, job)),
  JobTaskV2RequestjobtasksId_Get: (request) => recordResponse(request, 'JobTaskV2QueryData', jobById(request), (job) => jobDetailV2View(request.portfolio, job)),
  SearchJobTaskRequestjobtaskssearch_Get: (request) => listResponse(request, 'JobQueryData', searchJobs(request, false), (job) => jobSearchView(request.portfolio, job)),
  SearchJobTaskV2Requestjobtaskssearch_Get: (request) => listResponse(request, 'JobQueryV2Data', searchJobs(request, true), (job) => jobSearchV2View(request.portfolio, job)),
  AddJobRequestjobtasks_Post: addJob,
  AddJobV2Requestjobtasks_Post: addJob,
  UpdateJobRequestjobtasksId_Post: updateJob,
  UpdateJobV2RequestjobtasksId_Post: updateJob,
  AddJobCommentRequestjobtasksIdcomments_Post: (request) => addComment(request, 'job', jobById(request).Id),
};
