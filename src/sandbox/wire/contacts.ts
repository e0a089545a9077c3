import type {
  AddressDetail,
  Contact,
  ContactGridData,
  ContactPersonInfo,
  CustomerMemberData,
  GetContactResponse,
  MobContactData,
  MobContactPersonData,
  OwnerQueryData,
  QuerySuppliersResponse,
} from '../../api/generated/wire-models.js';
import type { Portfolio } from '../data/portfolio.js';
import type { AddressRecord, ContactRecord, MemberRecord } from '../data/records.js';

// Wire views of contacts and members: the shapes the contact and member operations return.

export function addressView(address: AddressRecord): AddressDetail {
  return { ...address, StreetLongName: address.Street };
}

export function rolesOf(contact: ContactRecord): string[] {
  const roles: string[] = [];
  if (contact.IsOwner) roles.push('Owner');
  if (contact.IsTenant) roles.push('Tenant');
  if (contact.IsSupplier) roles.push('Supplier');
  if (contact.IsSeller) roles.push('Seller');
  return roles;
}

function fullName(contact: ContactRecord): string {
  return `${contact.FirstName} ${contact.LastName}`;
}

function normalisedMobile(phone: string): string {
  return `+61${phone.replace(/\D/g, '').slice(1)}`;
}

function personView(portfolio: Portfolio, contact: ContactRecord): MobContactPersonData & ContactPersonInfo {
  return {
    IsChatAvailable: false,
    Id: contact.PersonId,
    CustomerId: portfolio.customerId,
    ContactId: contact.Id,
    Salutation: contact.Salutation,
    FirstName: contact.FirstName,
    LastName: contact.LastName,
    CompanyName: contact.CompanyName,
    Email: contact.Email,
    HomePhone: contact.HomePhone,
    WorkPhone: contact.WorkPhone,
    CellPhone: contact.CellPhone,
    NormalisedMobilePhone: normalisedMobile(contact.CellPhone),
    PhysicalAddress: addressView(contact.Address),
    PostalAddress: addressView(contact.Address),
    IsPrimary: true,
    SortOrder: 0,
    FullName: fullName(contact),
    CombinedPhones: [contact.CellPhone, contact.HomePhone, contact.WorkPhone].filter((phone) => phone !== null).join(', '),
  };
}

/** Fields shared by `MobContactData` and `Contact`. */
function contactCore(portfolio: Portfolio, contact: ContactRecord) {
  const roles = rolesOf(contact);
  return {
    Id: contact.Id,
    CustomerId: portfolio.customerId,
    Roles: roles,
    ArchivedOn: contact.ArchivedOn,
    Reference: contact.Reference,
    PersonMigrated: true,
    Notes: contact.Notes,
    NameText: contact.CompanyName ?? fullName(contact),
    PostalAddressText: contact.Address.Text,
    PhysicalAddressText: contact.Address.Text,
    HomePhone: contact.HomePhone,
    WorkPhone: contact.WorkPhone,
    CellPhone: contact.CellPhone,
    TradeName: contact.CompanyName,
    Email: contact.Email,
    IsArchived: contact.ArchivedOn !== null,
    IsSupplier: contact.IsSupplier,
    IsTenant: contact.IsTenant,
    IsOwner: contact.IsOwner,
    IsSeller: contact.IsSeller,
    PhoneText: contact.CellPhone,
    ContactPhone: contact.CellPhone,
    CreatedOn: contact.CreatedOn,
    UpdatedOn: contact.UpdatedOn,
  };
}

/** Item of `GET /v1/contacts`. */
export function mobContactView(portfolio: Portfolio, contact: ContactRecord): MobContactData {
  const person = personView(portfolio, contact);
  return {
    ...contactCore(portfolio, contact),
    ContactPersons: [person],
    PrimaryContactPerson: person,
    Timestamp: contact.Timestamp,
    PrimaryPerson: fullName(contact),
    Phone: contact.CellPhone,
    PrimaryPostalAddress: contact.Address.Text,
    PrimaryPhysicalAddress: contact.Address.Text,
    RolesString: rolesOf(contact).join(', '),
  };
}

export function contactView(portfolio: Portfolio, contact: ContactRecord): Contact {
  const person = personView(portfolio, contact);
  return {
    ...contactCore(portfolio, contact),
    HasTenantInvoiceAccount: contact.IsTenant,
    ContactPersons: [person],
    PrimaryContactPerson: person,
  };
}

/** Body of `GET /v1/contacts/{Id}`: the contact wrapped with its persons and folio. */
export function contactResponseView(portfolio: Portfolio, contact: ContactRecord): GetContactResponse {
  return {
    Contact: contactView(portfolio, contact),
    ContactPersons: [personView(portfolio, contact)],
    Code: contact.Reference.slice(0, 8).toUpperCase(),
    FolioId: contact.FolioId,
    PaymentPriority: contact.IsSupplier ? 5 : null,
    ReminderCount: 0,
  };
}

function gridCore(portfolio: Portfolio, contact: ContactRecord) {
  return {
    Id: contact.Id,
    CustomerId: portfolio.customerId,
    Reference: contact.Reference,
    PrimaryPerson: fullName(contact),
    HomePhone: contact.HomePhone,
    WorkPhone: contact.WorkPhone,
    CellPhone: contact.CellPhone,
    PostalAddressText: contact.Address.Text,
    PhysicalAddressText: contact.Address.Text,
    Roles: rolesOf(contact),
    RolesString: rolesOf(contact).join(', '),
    Phone: contact.CellPhone,
  };
}

/** Item of `GET /v1/contacts/tenants`. */
export function contactGridView(portfolio: Portfolio, contact: ContactRecord): ContactGridData {
  return { ...gridCore(portfolio, contact), ContactPersonText: fullName(contact), SupplierFolioNumber: contact.SupplierFolioNumber };
}

/** Item of `GET /v1/contacts/suppliers`. */
export function supplierView(portfolio: Portfolio, contact: ContactRecord): QuerySuppliersResponse {
  return { ...gridCore(portfolio, contact), PaymentPriority: 5, FolioId: contact.FolioId, Balance: 0, PaymentsDue: 0 };
}

/** Item of `GET /v1/contacts/ownerships`. */
export function ownerView(portfolio: Portfolio, contact: ContactRecord): OwnerQueryData {
  return { ...gridCore(portfolio, contact), BillsDue: 0, Balance: 0, IsPmDirectEnabled: false };
}

/** Item of `GET /v1/members`. */
export function memberView(portfolio: Portfolio, member: MemberRecord): CustomerMemberData {
  return {
    Id: member.Id,
    CustomerId: portfolio.customerId,
    UserId: member.UserId,
    Role: member.Role,
    FirstName: member.FirstName,
    LastName: member.LastName,
    CompanyName: portfolio.agencyName,
    RegisteredEmail: member.Email,
    RegisteredOn: member.RegisteredOn,
    WorkPhone: member.WorkPhone,
    MobilePhone: member.MobilePhone,
    IsActivated: true,
    AgreeConditionsOn: member.RegisteredOn,
    RegionCode: 'AU',
    CurrentMemberAccessId: member.CurrentMemberAccessId,
    JobTitle: member.JobTitle,
    IsSupport: false,
    IsBillingRecipient: member.UserId === 1000,
    IsTwoFactorAuthenticationEnabled: false,
    Name: `${member.FirstName} ${member.LastName}`,
  };
}

export function memberName(portfolio: Portfolio, memberId: string | null): string | null {
  if (memberId === null) return null;
  const member = portfolio.members.get(memberId);
  return member === undefined ? null : `${member.FirstName} ${member.LastName}`;
}
