import type { AddTaskParams, PropertyMeApi, UpdateTaskParams } from '../api/generated/api.js';
import type { MobTaskQueryData, TaskQueryData, TaskResponse } from '../api/generated/models.js';
import type { RequestOptions } from '../api/operation-spec.js';
import { toTimestamp } from './paginate.js';

/** Tasks and reminders (`/v1/tasks`). */
export class Tasks {
  readonly #api: PropertyMeApi;

  constructor(api: PropertyMeApi) {
    this.#api = api;
  }

  all(options?: RequestOptions): Promise<MobTaskQueryData[]> {
    return this.changedSince(0n, options);
  }

  changedSince(timestamp: bigint | string | number, options?: RequestOptions): Promise<MobTaskQueryData[]> {
    return this.#api.changedTasks({ timestamp: toTimestamp(timestamp) }, options);
  }

  get(id: string, options?: RequestOptions): Promise<TaskQueryData> {
    return this.#api.getTask({ id }, options);
  }

  /** Creates a task. Never retried: a repeated POST would create a second task. */
  create(params: AddTaskParams, options?: RequestOptions): Promise<TaskResponse> {
    return this.#api.addTask(params, options);
  }

  update(params: UpdateTaskParams, options?: RequestOptions): Promise<TaskResponse> {
    return this.#api.updateTask(params, options);
  }

  /** Adds a comment to a task. */
  comment(id: string, comment: string, options?: RequestOptions): Promise<unknown> {
    return this.#api.addTaskComment({ id, comment }, options);
  }
}
