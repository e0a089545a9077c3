// Word lists for synthetic people, companies and addresses. Person names are first and last names
// combined at random, so they describe no real person. Suburb, state and postcode triples are real
// so that addresses look Australian; street names are invented from the word lists.

export const FIRST_NAMES = [
  'Olivia', 'Charlotte', 'Amelia', 'Isla', 'Mia', 'Ava', 'Grace', 'Chloe', 'Matilda', 'Ruby',
  'Sienna', 'Harper', 'Zoe', 'Evie', 'Lily', 'Willow', 'Ivy', 'Audrey', 'Sophie', 'Ella',
  'Oliver', 'Noah', 'Jack', 'William', 'Leo', 'Lucas', 'Thomas', 'Henry', 'Charlie', 'James',
  'Hudson', 'Ethan', 'Mason', 'Archie', 'Harrison', 'Lachlan', 'Cooper', 'Angus', 'Finn', 'Hamish',
  'Priya', 'Wei', 'Mei', 'Arjun', 'Nguyen', 'Sanjay', 'Aisha', 'Omar', 'Yuki', 'Mateo',
] as const;

export const LAST_NAMES = [
  'Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Johnson', 'White', 'Martin', 'Anderson',
  'Thompson', 'Walker', 'Harris', 'Lee', 'Ryan', 'Robinson', 'Kelly', 'King', 'Davis', 'Wright',
  'Evans', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel', 'Khan', 'Tran',
  'Nguyen', 'Chen', 'Wang', 'Singh', 'Murphy', 'Mitchell', 'Campbell', 'Young', "O'Brien", 'McDonald',
  'Kowalski', 'Rossi', 'Papadopoulos', 'Hughes', 'Edwards', 'Baker', 'Turner', 'Cooper', 'Ward', 'Morris',
] as const;

export const SALUTATIONS = ['Mr', 'Ms', 'Mrs', 'Dr', 'Mx'] as const;

const STREET_WORDS = [
  'Wattle', 'Banksia', 'Jacaranda', 'Waratah', 'Bottlebrush', 'Grevillea', 'Ironbark', 'Kurrajong',
  'Bluegum', 'Lilly Pilly', 'Magpie', 'Kookaburra', 'Rosella', 'Lorikeet', 'Currawong', 'Wombat',
  'Platypus', 'Echidna', 'Harbour', 'Ridge', 'Valley', 'Creek', 'Hillside', 'Seaview', 'Parkland',
  'Meadow', 'Orchard', 'Quarry', 'Mill', 'Station', 'Federation', 'Jubilee', 'Coronation', 'Heritage',
] as const;

const STREET_TYPES = ['Street', 'Road', 'Avenue', 'Parade', 'Crescent', 'Drive', 'Lane', 'Place', 'Court', 'Terrace'] as const;

/** Builds the invented street names once: every word with every street type. */
export const STREET_NAMES: readonly string[] = STREET_WORDS.flatMap((word) => STREET_TYPES.map((type) => `${word} ${type}`));

export interface Suburb {
  readonly suburb: string;
  readonly state: string;
  readonly postcode: string;
  readonly latitude: number;
  readonly longitude: number;
}

export const SUBURBS: readonly Suburb[] = [
  { suburb: 'Newtown', state: 'NSW', postcode: '2042', latitude: -33.8978, longitude: 151.1794 },
  { suburb: 'Parramatta', state: 'NSW', postcode: '2150', latitude: -33.8150, longitude: 151.0011 },
  { suburb: 'Bondi', state: 'NSW', postcode: '2026', latitude: -33.8915, longitude: 151.2767 },
  { suburb: 'Chatswood', state: 'NSW', postcode: '2067', latitude: -33.7969, longitude: 151.1803 },
  { suburb: 'Penrith', state: 'NSW', postcode: '2750', latitude: -33.7511, longitude: 150.6942 },
  { suburb: 'Wollongong', state: 'NSW', postcode: '2500', latitude: -34.4278, longitude: 150.8931 },
  { suburb: 'Fitzroy', state: 'VIC', postcode: '3065', latitude: -37.7983, longitude: 144.9784 },
  { suburb: 'Brunswick', state: 'VIC', postcode: '3056', latitude: -37.7667, longitude: 144.9600 },
  { suburb: 'St Kilda', state: 'VIC', postcode: '3182', latitude: -37.8676, longitude: 144.9809 },
  { suburb: 'Geelong', state: 'VIC', postcode: '3220', latitude: -38.1499, longitude: 144.3617 },
  { suburb: 'Ballarat Central', state: 'VIC', postcode: '3350', latitude: -37.5622, longitude: 143.8503 },
  { suburb: 'Paddington', state: 'QLD', postcode: '4064', latitude: -27.4598, longitude: 153.0082 },
  { suburb: 'Fortitude Valley', state: 'QLD', postcode: '4006', latitude: -27.4570, longitude: 153.0340 },
  { suburb: 'Southport', state: 'QLD', postcode: '4215', latitude: -27.9670, longitude: 153.4000 },
  { suburb: 'Townsville City', state: 'QLD', postcode: '4810', latitude: -19.2590, longitude: 146.8169 },
  { suburb: 'Fremantle', state: 'WA', postcode: '6160', latitude: -32.0569, longitude: 115.7439 },
  { suburb: 'Subiaco', state: 'WA', postcode: '6008', latitude: -31.9485, longitude: 115.8268 },
  { suburb: 'Glenelg', state: 'SA', postcode: '5045', latitude: -34.9802, longitude: 138.5150 },
  { suburb: 'Norwood', state: 'SA', postcode: '5067', latitude: -34.9213, longitude: 138.6310 },
  { suburb: 'Sandy Bay', state: 'TAS', postcode: '7005', latitude: -42.8950, longitude: 147.3240 },
  { suburb: 'Braddon', state: 'ACT', postcode: '2612', latitude: -35.2707, longitude: 149.1353 },
  { suburb: 'Parap', state: 'NT', postcode: '0820', latitude: -12.4305, longitude: 130.8414 },
];

export const SUPPLIER_TRADES = [
  'Plumbing', 'Electrical', 'Roofing', 'Locksmiths', 'Pest Control', 'Cleaning', 'Gardening',
  'Painting', 'Carpentry', 'Glazing', 'Air Conditioning', 'Handyman', 'Tiling', 'Fencing',
] as const;

export const COMPANY_SUFFIXES = ['Pty Ltd', 'Services', 'Co', 'Group', '& Sons'] as const;

export const JOB_SUMMARIES = [
  'Leaking tap in kitchen', 'Hot water system not working', 'Blocked drain in bathroom',
  'Smoke alarm beeping', 'Broken window latch', 'Garage door stuck', 'Oven element failed',
  'Air conditioner service', 'Gutter cleaning', 'Replace cracked tiles', 'Fence panel down',
  'Mould in bathroom ceiling', 'Dishwasher leaking', 'Front door lock jammed', 'Pest inspection',
] as const;

export const TASK_SUMMARIES = [
  'Call owner about rent review', 'Send lease renewal offer', 'Chase bond lodgement',
  'Update insurance certificate', 'Arrange keys for contractor', 'Follow up water usage invoice',
  'Check smoke alarm compliance', 'Prepare end of financial year statement', 'Confirm tenant vacate date',
  'Review arrears notice', 'Book routine inspection', 'Request landlord approval for repairs',
] as const;

export const AGENCY_NAME = 'Sandbox Realty';
