import type {
  CommentRecord,
  ContactRecord,
  InspectionRecord,
  JobRecord,
  LotRecord,
  MemberRecord,
  OwnershipRecord,
  TaskRecord,
  TenancyRecord,
} from './records.js';

/**
 * First change counter value. The live service's `Timestamp` values are about 18 digits long, far
 * beyond 2^53, so the sandbox starts there too: a client that parses them as JS numbers loses digits.
 */
export const FIRST_TIMESTAMP = 638_600_000_000_000_000n;

/**
 * Counter increment per change: 10,007 .NET ticks of 100 ns, about one millisecond. The odd step
 * gives values low digits that JSON.parse visibly rounds, as live values have, so code that reads a
 * Timestamp as a number fails here too instead of printing the digits it was given.
 */
const TIMESTAMP_STEP = 10_007n;

/** Plain-data form of a portfolio, as the state file stores it (bigints as decimal strings). */
export interface PortfolioSnapshot {
  customerId: string;
  agencyName: string;
  agencyReference: string;
  lastTimestamp: string;
  lastJobNumber: number;
  members: MemberRecord[];
  contacts: Array<Omit<ContactRecord, 'Timestamp'> & { Timestamp: string }>;
  lots: Array<Omit<LotRecord, 'Timestamp'> & { Timestamp: string }>;
  ownerships: OwnershipRecord[];
  tenancies: TenancyRecord[];
  jobs: Array<Omit<JobRecord, 'Timestamp'> & { Timestamp: string }>;
  tasks: Array<Omit<TaskRecord, 'Timestamp'> & { Timestamp: string }>;
  inspections: Array<Omit<InspectionRecord, 'Timestamp'> & { Timestamp: string }>;
  comments: CommentRecord[];
}

/**
 * The sandbox's data: one agency's records keyed by id, in insertion order. Deleted records are
 * removed from their map, so single reads return 404 and lists leave them out.
 */
export class Portfolio {
  readonly customerId: string;
  readonly agencyName: string;
  readonly agencyReference: string;
  readonly members = new Map<string, MemberRecord>();
  readonly contacts = new Map<string, ContactRecord>();
  readonly lots = new Map<string, LotRecord>();
  readonly ownerships = new Map<string, OwnershipRecord>();
  readonly tenancies = new Map<string, TenancyRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly inspections = new Map<string, InspectionRecord>();
  readonly comments = new Map<string, CommentRecord>();
  #lastTimestamp = FIRST_TIMESTAMP;
  #lastJobNumber = 0;
  #revision = 0;

  constructor(customerId: string, agencyName: string, agencyReference: string) {
    this.customerId = customerId;
    this.agencyName = agencyName;
    this.agencyReference = agencyReference;
  }

  /** Highest `Timestamp` handed out so far. */
  get lastTimestamp(): bigint {
    return this.#lastTimestamp;
  }

  /** Number of changes so far; response caches are valid for one revision only. */
  get revision(): number {
    return this.#revision;
  }

  /** Records that a record changed without taking a new `Timestamp`, such as a new comment. */
  touch(): void {
    this.#revision += 1;
  }

  /** Returns a `Timestamp` greater than every earlier one. */
  nextTimestamp(): bigint {
    this.#revision += 1;
    this.#lastTimestamp += TIMESTAMP_STEP;
    return this.#lastTimestamp;
  }

  nextJobNumber(): number {
    this.#lastJobNumber += 1;
    return this.#lastJobNumber;
  }

  toSnapshot(): PortfolioSnapshot {
    const withTimestamp = <T extends { Timestamp: bigint }>(record: T) => ({ ...record, Timestamp: record.Timestamp.toString() });
    return {
      customerId: this.customerId,
      agencyName: this.agencyName,
      agencyReference: this.agencyReference,
      lastTimestamp: this.#lastTimestamp.toString(),
      lastJobNumber: this.#lastJobNumber,
      members: [...this.members.values()],
      contacts: [...this.contacts.values()].map(withTimestamp),
      lots: [...this.lots.values()].map(withTimestamp),
      ownerships: [...this.ownerships.values()],
      tenancies: [...this.tenancies.values()],
      jobs: [...this.jobs.values()].map(withTimestamp),
      tasks: [...this.tasks.values()].map(withTimestamp),
      inspections: [...this.inspections.values()].map(withTimestamp),
      comments: [...this.comments.values()],
    };
  }

  static fromSnapshot(snapshot: PortfolioSnapshot): Portfolio {
    const portfolio = new Portfolio(snapshot.customerId, snapshot.agencyName, snapshot.agencyReference);
    portfolio.#lastTimestamp = BigInt(snapshot.lastTimestamp);
    portfolio.#lastJobNumber = snapshot.lastJobNumber;

    const fill = <T extends { Id: string }>(target: Map<string, T>, records: T[]) => {
      for (const record of records) target.set(record.Id, record);
    };
    const withBigint = <T extends { Timestamp: string }>(record: T) => ({ ...record, Timestamp: BigInt(record.Timestamp) });

    fill(portfolio.members, snapshot.members);
    fill(portfolio.contacts, snapshot.contacts.map(withBigint));
    fill(portfolio.lots, snapshot.lots.map(withBigint));
    fill(portfolio.ownerships, snapshot.ownerships);
    fill(portfolio.tenancies, snapshot.tenancies);
    fill(portfolio.jobs, snapshot.jobs.map(withBigint));
    fill(portfolio.tasks, snapshot.tasks.map(withBigint));
    fill(portfolio.inspections, snapshot.inspections.map(withBigint));
    fill(portfolio.comments, snapshot.comments);
    return portfolio;
  }
}
