import { randomUUID } from 'node:crypto';
import { lotParties } from '../data/generate.js';
import type { InspectionRecord } from '../data/records.js';
import {
  changedInspectionView,
  inspectionResponseView,
  inspectionRowView,
  inspectionTaskView,
} from '../wire/activities.js';
import { addComment } from './comments.js';
import {
  ApiFailure,
  bodyDate,
  bodyGuid,
  bodyInteger,
  bodyString,
  dateParam,
  found,
  guidParam,
  jsonResponse,
  listResponse,
  page,
  pathId,
  recordResponse,
  timestampParam,
  type ApiHandler,
  type ApiRequest,
} from './context.js';

// Inspection operations.

function inspectionById(request: ApiRequest): InspectionRecord {
  const id = pathId(request);
  return found(request.portfolio.inspections.get(id), 'Inspection', id);
}

/** Reads the fields an add or update request must carry. */
function scheduleFields(request: ApiRequest) {
  const duration = bodyInteger(request, 'Duration', true) as number;
  if (duration <= 0) throw new ApiFailure(400, 'Duration must be a positive number of minutes');
  return {
    StartTime: bodyDate(request, 'StartTime', true) as string,
    DueDate: bodyDate(request, 'DueDate', true) as string,
    Duration: duration,
    Summary: bodyString(request, 'Summary', true) as string,
    Description: bodyString(request, 'Description', true) as string,
    Type: bodyString(request, 'Type', true) as string,
  };
}

function rowsMatching(request: ApiRequest, status: string | undefined): InspectionRecord[] {
  const dueMin = dateParam(request, 'DueDateMin');
  const dueMax = dateParam(request, 'DueDateMax');
  const type = request.query.get('type');
  return [...request.portfolio.inspections.values()].filter((inspection) => {
    const due = Date.parse(inspection.DueDate);
    return (
      (status === undefined || status === '' || inspection.Status.toLowerCase() === status.toLowerCase()) &&
      (type === undefined || type === '' || inspection.Type.toLowerCase() === type.toLowerCase()) &&
      (dueMin === undefined || due >= dueMin) &&
      (dueMax === undefined || due <= dueMax)
    );
  });
}

export const inspectionHandlers: Record<string, ApiHandler> = {
  ChangedInspectionsRequestinspections_Get: (request) => {
    const since = timestampParam(request, 400);
    const changed = [...request.portfolio.inspections.values()].filter((inspection) => inspection.Timestamp > since);
    return listResponse(request, 'ChangedInspectionData', changed, (inspection) => changedInspectionView(request.portfolio, inspection));
  },

  GetInspectionRequestinspectionsId_Get: (request) =>
    recordResponse(request, 'GetInspectionResponse', inspectionById(request), (inspection) => inspectionResponseView(request.portfolio, inspection)),

  SearchInspectionsRequestinspectionssearch_Get: (request) => {
    const lotId = guidParam(request, 'LotId');
    const contactId = guidParam(request, 'ContactId');
    const matches = [...request.portfolio.inspections.values()].filter(
      (inspection) =>
        (lotId === undefined || inspection.LotId === lotId) &&
        (contactId === undefined || inspection.TenantContactId === contactId || inspection.OwnerContactId === contactId),
    );
    return listResponse(request, 'InspectionTask', page(request, matches), (inspection) => inspectionTaskView(request.portfolio, inspection));
  },

  QueryInspectionRequestinspectionsquery_Get: (request) =>
    listResponse(request, 'InspectionDataTableRow', page(request, rowsMatching(request, request.query.get('status'))), (inspection) => inspectionRowView(request.portfolio, inspection)),

  GetInspectionsRequestinspectionsstatusStatus_Get: (request) =>
    listResponse(request, 'InspectionDataTableRow', page(request, rowsMatching(request, request.pathParams['status'])), (inspection) => inspectionRowView(request.portfolio, inspection)),

  AddInspectionRequestinspections_Post: (request) => {
    const { portfolio } = request;
    const lotId = bodyGuid(request, 'LotId', true) as string;
    const lot = found(portfolio.lots.get(lotId), 'Lot', lotId);
    const parties = lotParties(portfolio, lot);
    const now = request.now().toISOString();
    const inspection: InspectionRecord = {
      Id: randomUUID(),
      LotId: lot.Id,
      TenantContactId: parties.tenantContactId,
      OwnerContactId: parties.ownerContactId,
      ManagerMemberId: bodyGuid(request, 'ManagerMemberId', false) ?? lot.ManagerMemberId,
      ...scheduleFields(request),
      Status: 'Booked',
      IsPublished: false,
      ClosedOn: null,
      CreatedOn: now,
      UpdatedOn: now,
      Timestamp: portfolio.nextTimestamp(),
    };
    portfolio.inspections.set(inspection.Id, inspection);
    return jsonResponse(200, { Ids: [inspection.Id], IsSuccessful: true });
  },

  UpdateInspectionRequestinspectionsid_Post: (request) => {
    const inspection = inspectionById(request);
    const updated: InspectionRecord = {
      ...inspection,
      ...scheduleFields(request),
      ManagerMemberId: bodyGuid(request, 'ManagerMemberId', false) ?? inspection.ManagerMemberId,
      TenantContactId: bodyGuid(request, 'TenantContactId', false) ?? inspection.TenantContactId,
      UpdatedOn: request.now().toISOString(),
      Timestamp: request.portfolio.nextTimestamp(),
    };
    request.portfolio.inspections.set(inspection.Id, updated);
    return jsonResponse(200, { Ids: [inspection.Id], IsSuccessful: true });
  },

  DeleteInspectionRequestinspectionsid_Delete: (request) => {
    const inspection = inspectionById(request);
    request.portfolio.inspections.delete(inspection.Id);
    request.portfolio.touch();
    return jsonResponse(200, { IsSuccessful: true });
  },

  AddInspectionCommentRequestinspectionsIdcomments_Post: (request) => addComment(request, 'inspection', inspectionById(request).Id),
};
