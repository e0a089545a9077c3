import type { ContactRecord } from '../data/records.js';
import {
  contactGridView,
  contactResponseView,
  memberView,
  mobContactView,
  ownerView,
  supplierView,
} from '../wire/contacts.js';
import { addComment } from './comments.js';
import {
  booleanParam,
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

// Contact and member operations.

function activeContacts(request: ApiRequest, keep: (contact: ContactRecord) => boolean): ContactRecord[] {
  return [...request.portfolio.contacts.values()].filter((contact) => contact.ArchivedOn === null && keep(contact));
}

export const contactHandlers: Record<string, ApiHandler> = {
  ChangedContactsRequestcontacts_Get: (request) => {
    const since = timestampParam(request, 400);
    const includeArchived = booleanParam(request, 'IncludeArchived');
    const { portfolio } = request;
    const changed = [...portfolio.contacts.values()].filter((contact) => contact.Timestamp > since && (includeArchived || contact.ArchivedOn === null));
    return listResponse(request, 'MobContactData', changed, (contact) => mobContactView(portfolio, contact));
  },

  ContactRequestcontactsId_Get: (request) => {
    const id = pathId(request);
    const contact = found(request.portfolio.contacts.get(id), 'Contact', id);
    return recordResponse(request, 'GetContactResponse', contact, (record) => contactResponseView(request.portfolio, record));
  },

  AgencyRequestcontactsagency_Get: (request) => jsonResponse(200, { Reference: request.portfolio.agencyReference, Name: request.portfolio.agencyName }),

  MembersRequestmembers_Get: (request) => listResponse(request, 'CustomerMemberData', request.portfolio.members.values(), (member) => memberView(request.portfolio, member)),

  ContactTenantsRequestcontactstenants_Get: (request) => {
    const tenants = page(request, activeContacts(request, (contact) => contact.IsTenant));
    return listResponse(request, 'ContactGridData', tenants, (contact) => contactGridView(request.portfolio, contact));
  },

  QuerySuppliersRequestcontactssuppliers_Get: (request) => {
    const suppliers = page(request, activeContacts(request, (contact) => contact.IsSupplier));
    return listResponse(request, 'QuerySuppliersResponse', suppliers, (contact) => supplierView(request.portfolio, contact));
  },

  ContactOwnershipsRequestcontactsownerships_Get: (request) => {
    const owners = page(request, activeContacts(request, (contact) => contact.IsOwner));
    return listResponse(request, 'OwnerQueryData', owners, (contact) => ownerView(request.portfolio, contact));
  },

  AddContactCommentRequestcontactsIdcomments_Post: (request) => {
    const id = pathId(request);
    found(request.portfolio.contacts.get(id), 'Contact', id);
    return addComment(request, 'contact', id);
  },
};
