/**
 * Seeded pseudo-random numbers for the synthetic portfolio. mulberry32 is a 32-bit generator with a
 * full 2^32 period: fast, tiny and good enough for test data. It is not cryptographic.
 */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns an integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new TypeError('Random.pick needs at least one item');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Returns a lower-case GUID in the 8-4-4-4-12 form, with version 4 and variant bits set. */
  guid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      hex.push(Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0'));
    }
    const digits = hex.join('');
    const variant = ((parseInt(digits[16] as string, 16) & 0x3) | 0x8).toString(16);
    return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-${variant}${digits.slice(17, 20)}-${digits.slice(20, 32)}`;
  }
}

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
