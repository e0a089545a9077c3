// Records of the synthetic portfolio as the sandbox stores them. Field names follow the wire format
// so that the views in ../wire copy them without renaming. Records are replaced, never mutated: a
// change creates a new object, which also invalidates the per-record JSON caches keyed by object.

export interface AddressRecord {
  readonly Unit: string | null;
  readonly Number: string;
  readonly Street: string;
  readonly Suburb: string;
  readonly State: string;
  readonly PostalCode: string;
  readonly Country: string;
  readonly Latitude: number;
  readonly Longitude: number;
  /** One-line form, such as `3/12 Wattle Street, Newtown NSW 2042`. */
  readonly Text: string;
}

/** Agency staff; sign in to the sandbox's identity server as users. */
export interface MemberRecord {
  readonly Id: string;
  readonly UserId: number;
  readonly FirstName: string;
  readonly LastName: string;
  readonly Email: string;
  readonly MobilePhone: string;
  readonly WorkPhone: string;
  readonly Role: string;
  readonly JobTitle: string;
  readonly RegisteredOn: string;
  readonly CurrentMemberAccessId: string;
}

export interface ContactRecord {
  readonly Id: string;
  readonly Reference: string;
  /** Id of the one contact person each sandbox contact has. */
  readonly PersonId: string;
  readonly Salutation: string | null;
  readonly FirstName: string;
  readonly LastName: string;
  readonly CompanyName: string | null;
  readonly Email: string;
  readonly CellPhone: string;
  readonly HomePhone: string | null;
  readonly WorkPhone: string | null;
  readonly Address: AddressRecord;
  readonly IsOwner: boolean;
  readonly IsTenant: boolean;
  readonly IsSupplier: boolean;
  readonly IsSeller: boolean;
  readonly FolioId: string;
  readonly SupplierFolioNumber: number;
  readonly Notes: string | null;
  readonly ArchivedOn: string | null;
  readonly CreatedOn: string;
  readonly UpdatedOn: string;
  readonly Timestamp: bigint;
}

export interface LotRecord {
  readonly Id: string;
  readonly Reference: string;
  readonly Address: AddressRecord;
  readonly PrimaryType: string;
  readonly PropertySubtype: string;
  readonly Bedrooms: number;
  readonly Bathrooms: number;
  readonly CarSpaces: number;
  readonly KeyNumber: string;
  readonly IsRental: boolean;
  readonly ManagerMemberId: string;
  readonly OwnershipId: string;
  readonly ActiveTenancyId: string | null;
  readonly AdRentAmount: number;
  readonly AdRentPeriod: string;
  readonly NextInspectionOn: string | null;
  readonly ArchivedOn: string | null;
  readonly CreatedOn: string;
  readonly UpdatedOn: string;
  readonly Timestamp: bigint;
}

export interface OwnershipRecord {
  readonly Id: string;
  readonly LotId: string;
  readonly ContactId: string;
  readonly FolioId: string;
  readonly OwnedFrom: string;
  readonly CreatedOn: string;
  readonly UpdatedOn: string;
}

export type RentPeriod = 'Weekly' | 'Fortnightly' | 'Monthly';

export interface TenancyRecord {
  readonly Id: string;
  readonly LotId: string;
  readonly ContactId: string;
  readonly FolioId: string;
  readonly FolioNumber: number;
  readonly Code: string;
  readonly TenancyStart: string;
  readonly AgreementStart: string;
  readonly AgreementEnd: string | null;
  readonly Periodic: boolean;
  readonly TenancyEnd: string | null;
  readonly ClosedOn: string | null;
  readonly RentAmount: number;
  readonly RentPeriod: RentPeriod;
  readonly BondAmount: number;
  readonly PaidTo: string;
  readonly PartPaid: number;
  /** Days of rent owed; 0 when the tenancy is paid up. */
  readonly ArrearsDays: number;
  readonly RentArrears: number;
  readonly CreatedOn: string;
  readonly UpdatedOn: string;
}

export type JobPriority = 'Low' | 'Medium' | 'High' | 'Urgent';

export interface JobRecord {
  readonly Id: string;
  readonly Number: number;
  readonly LotId: string;
  readonly OwnerContactId: string;
  readonly TenantContactId: string | null;
  readonly SupplierContactId: string | null;
  readonly ManagerMemberId: string;
  readonly Summary: string;
  readonly Description: string;
  readonly Status: string;
  readonly Priority: JobPriority;
  readonly ReportedContactType: string;
  readonly Access: string;
  readonly SupplierInstructions: string | null;
  readonly DueDate: string | null;
  readonly ClosedOn: string | null;
  readonly CreatedOn: string;
  readonly UpdatedOn: string;
  readonly Timestamp: bigint;
}

export interface TaskRecord {
  readonly Id: string;
  readonly LotId: string | null;
  readonly ContactId: string | null;
  readonly ManagerMemberId: string;
  readonly Summary: string;
  readonly Description: string;
  readonly TaskStatus: string;
  readonly Priority: number;
  readonly DueDate: string | null;
  readonly ClosedOn: string | null;
  readonly CreatedOn: string;
  readonly UpdatedOn: string;
  readonly Timestamp: bigint;
}

export interface InspectionRecord {
  readonly Id: string;
  readonly LotId: string;
  readonly TenantContactId: string | null;
  readonly OwnerContactId: string;
  readonly ManagerMemberId: string;
  readonly Type: string;
  readonly Status: string;
  readonly StartTime: string;
  /** Minutes. */
  readonly Duration: number;
  readonly DueDate: string;
  readonly Summary: string;
  readonly Description: string;
  readonly IsPublished: boolean;
  readonly ClosedOn: string | null;
  readonly CreatedOn: string;
  readonly UpdatedOn: string;
  readonly Timestamp: bigint;
}

export type CommentParentKind = 'contact' | 'lot' | 'task' | 'job' | 'inspection';

export interface CommentRecord {
  readonly Id: string;
  readonly ParentKind: CommentParentKind;
  readonly ParentId: string;
  readonly Comment: string;
  readonly CreatedOn: string;
}
