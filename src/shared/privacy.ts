// Privacy mode's one rule for text: an amount shows as a mask with no digit, no sign and no length
// hint. Alert texts are sentences that may carry the user's amounts (a balance change, a fill), so in
// privacy mode every number in them is masked, on screen and in desktop notifications alike.

/** What an amount shows while hidden. */
export const MASKED = '•••••';

// A number as the app words it: digits with group and decimal separators, an optional sign.
const NUMBER = /[+\-−]?\d(?:[\d,.]*\d)?/g;

/** The text with every number in it replaced by the mask. */
export function maskNumbers(text: string): string {
  return text.replace(NUMBER, MASKED);
}
