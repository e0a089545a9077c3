// Shows text that came from data, such as a record from PropertyMe, inside a one-line message.

/**
 * Replaces line breaks, tabs and other control characters with spaces, so each record stays on one
 * line and no escape sequence from the data reaches the terminal.
 */
export function singleLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}
