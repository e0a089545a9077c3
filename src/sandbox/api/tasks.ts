import { randomUUID } from 'node:crypto';
import type { TaskRecord } from '../data/records.js';
import { mobTaskView, taskDetailView } from '../wire/activities.js';
import { addComment } from './comments.js';
import {
  bodyDate,
  bodyGuid,
  bodyString,
  found,
  jsonResponse,
  listResponse,
  pathId,
  recordResponse,
  timestampParam,
  type ApiHandler,
  type ApiRequest,
} from './context.js';

// Task operations.

function taskById(request: ApiRequest): TaskRecord {
  const id = pathId(request);
  return found(request.portfolio.tasks.get(id), 'Task', id);
}

/** Reads the optional LotId and ContactId of a task write and checks that they exist. */
function taskReferences(request: ApiRequest): { lotId: string | undefined; contactId: string | undefined } {
  const lotId = bodyGuid(request, 'LotId', false);
  if (lotId !== undefined) found(request.portfolio.lots.get(lotId), 'Lot', lotId);
  const contactId = bodyGuid(request, 'ContactId', false);
  if (contactId !== undefined) found(request.portfolio.contacts.get(contactId), 'Contact', contactId);
  return { lotId, contactId };
}

export const taskHandlers: Record<string, ApiHandler> = {
  ChangedTasksRequesttasks_Get: (request) => {
    const since = timestampParam(request, 400);
    const changed = [...request.portfolio.tasks.values()].filter((task) => task.Timestamp > since);
    return listResponse(request, 'MobTaskQueryData', changed, (task) => mobTaskView(request.portfolio, task));
  },

  GetTaskRequesttasksId_Get: (request) => recordResponse(request, 'TaskQueryData', taskById(request), (task) => taskDetailView(request.portfolio, task)),

  AddTaskRequesttasks_Post: (request) => {
    const { portfolio } = request;
    const { lotId, contactId } = taskReferences(request);
    const lotManager = lotId === undefined ? undefined : portfolio.lots.get(lotId)?.ManagerMemberId;
    const now = request.now().toISOString();
    const task: TaskRecord = {
      Id: randomUUID(),
      LotId: lotId ?? null,
      ContactId: contactId ?? null,
      ManagerMemberId: bodyGuid(request, 'ManagerMemberId', false) ?? lotManager ?? (portfolio.members.keys().next().value as string),
      Summary: bodyString(request, 'Summary', true) as string,
      Description: bodyString(request, 'Description', true) as string,
      TaskStatus: 'Active',
      Priority: 0,
      DueDate: bodyDate(request, 'DueDate', false) ?? null,
      ClosedOn: null,
      CreatedOn: now,
      UpdatedOn: now,
      Timestamp: portfolio.nextTimestamp(),
    };
    portfolio.tasks.set(task.Id, task);
    return jsonResponse(200, { TaskId: task.Id, IsSuccessful: true });
  },

  UpdateTaskRequesttasksId_Post: (request) => {
    const task = taskById(request);
    const { lotId } = taskReferences(request);
    const updated: TaskRecord = {
      ...task,
      LotId: lotId ?? task.LotId,
      Summary: bodyString(request, 'Summary', true) as string,
      Description: bodyString(request, 'Description', true) as string,
      DueDate: bodyDate(request, 'DueDate', false) ?? task.DueDate,
      ManagerMemberId: bodyGuid(request, 'ManagerMemberId', false) ?? task.ManagerMemberId,
      UpdatedOn: request.now().toISOString(),
      Timestamp: request.portfolio.nextTimestamp(),
    };
    request.portfolio.tasks.set(task.Id, updated);
    return jsonResponse(200, { TaskId: task.Id, IsSuccessful: true });
  },

  AddTaskCommentRequesttasksIdcomments_Post: (request) => addComment(request, 'task', taskById(request).Id),
};
