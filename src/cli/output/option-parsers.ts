import { InvalidArgumentError } from 'commander';

/** Parses an option value that must be a positive integer, such as `--limit`. */
export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError('expected a positive integer, such as 50.');
  }
  return number;
}
