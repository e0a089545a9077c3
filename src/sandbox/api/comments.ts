import type { CommentParentKind } from '../data/records.js';
import { ApiFailure, jsonResponse, type ApiRequest, type ApiResponse } from './context.js';
import { randomUUID } from 'node:crypto';

/** Stores a comment on an existing record; the caller has checked that the record exists. */
export function addComment(request: ApiRequest, parentKind: CommentParentKind, parentId: string): ApiResponse {
  const comment = request.body?.['Comment'];
  if (typeof comment !== 'string' || comment.trim() === '') throw new ApiFailure(400, 'Comment is required');
  const id = randomUUID();
  request.portfolio.comments.set(id, { Id: id, ParentKind: parentKind, ParentId: parentId, Comment: comment, CreatedOn: request.now().toISOString() });
  request.portfolio.touch();
  return jsonResponse(200, { IsSuccessful: true });
}
