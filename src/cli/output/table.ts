// Aligned text tables for a terminal, fitted to its width by shortening the widest columns first.
import { cellText } from './cell-value.js';
import { bold } from './terminal.js';
import { singleLine } from '../../errors/single-line.js';

/** Spaces between two columns. */
const GAP = 2;
/** Narrowest a column is cut to: two characters and the ellipsis. */
const MIN_COLUMN_WIDTH = 3;

/**
 * Computes column widths that fit `maxWidth` character cells, gaps included. Columns wider than a
 * common cap are cut to it, so the widest columns lose characters first and narrow ones keep their
 * full width. Columns marked in `keepWhole`, such as ids, keep their natural width until the others
 * are down to `MIN_COLUMN_WIDTH`. Only then is every column cut. When even `MIN_COLUMN_WIDTH` per
 * column does not fit, every column gets that minimum and the lines run past `maxWidth`.
 */
export function fitColumnWidths(naturalWidths: readonly number[], maxWidth: number | undefined, keepWhole: readonly boolean[] = []): number[] {
  const gaps = GAP * Math.max(0, naturalWidths.length - 1);
  const sum = (widths: readonly number[]) => widths.reduce((total, width) => total + width, 0);
  if (maxWidth === undefined || sum(naturalWidths) + gaps <= maxWidth) return [...naturalWidths];

  const keptWidths = naturalWidths.map((width, index) => (keepWhole[index] === true ? width : 0));
  const others = naturalWidths.map((width, index) => (keepWhole[index] === true ? 0 : width));
  const othersFit = capToFit(others, maxWidth - gaps - sum(keptWidths));
  if (othersFit !== undefined) return othersFit.map((width, index) => (keepWhole[index] === true ? keptWidths[index]! : width));

  return capToFit(naturalWidths, maxWidth - gaps) ?? naturalWidths.map((width) => Math.min(width, MIN_COLUMN_WIDTH));
}

/**
 * Cuts each width to the largest common cap (but to no less than `MIN_COLUMN_WIDTH`) at which the
 * widths add up to at most `available`. Returns undefined when even the minimum does not fit. A width
 * of 0 marks a column that is not being cut.
 */
function capToFit(widths: readonly number[], available: number): number[] | undefined {
  const widthsAt = (cap: number) => widths.map((width) => Math.min(width, Math.max(cap, MIN_COLUMN_WIDTH)));
  const total = (cap: number) => widthsAt(cap).reduce((sum, width) => sum + width, 0);

  let low = MIN_COLUMN_WIDTH;
  let high = Math.max(MIN_COLUMN_WIDTH, ...widths);
  if (total(low) > available) return undefined;
  // Binary search for the largest cap that fits.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (total(middle) <= available) low = middle;
    else high = middle - 1;
  }
  return widthsAt(low);
}

/**
 * Cuts text to `width` characters, ending it in `…` when it was longer.
 * NOTE: widths count Unicode code points, so wide characters (CJK, most emoji) take two terminal
 * cells but count as one, and such rows can run past the terminal width.
 */
export function truncate(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  return `${characters.slice(0, Math.max(0, width - 1)).join('')}…`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

export interface TableOptions {
  /** Width in character cells to fit; undefined means no limit. */
  maxWidth?: number | undefined;
  /** Print the header row in bold. */
  colour?: boolean;
  /** Headers of columns that are cut only when the others cannot shrink further, such as `id`. */
  keepWhole?: readonly string[];
}

/** Renders a header and rows as aligned lines, each ending in a newline. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>, options: TableOptions = {}): string {
  const headerCells = headers.map(singleLine);
  const bodyCells = rows.map((row) => headers.map((_header, index) => singleLine(cellText(row[index]))));

  const natural = headerCells.map((header, index) =>
    bodyCells.reduce((widest, row) => Math.max(widest, [...row[index]!].length), [...header].length),
  );
  const keepWhole = headers.map((header) => options.keepWhole?.includes(header) === true);
  const widths = fitColumnWidths(natural, options.maxWidth, keepWhole);

  const renderLine = (cells: readonly string[]) =>
    cells
      .map((cell, index) => {
        const text = truncate(cell, widths[index]!);
        // The last column is not padded, so lines carry no trailing spaces.
        return index === cells.length - 1 ? text : pad(text, widths[index]!);
      })
      .join(' '.repeat(GAP));

  const header = renderLine(headerCells);
  const lines = [bold(header, options.colour === true), ...bodyCells.map(renderLine)];
  return lines.map((line) => `${line}\n`).join('');
}
