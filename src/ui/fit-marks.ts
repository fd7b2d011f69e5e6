/**
 * `text` with every run of combining marks cut to four: a longer run stacks
 * its marks far above and below the line, out of the comment it belongs to
 * (no writing system stacks more than a few on one letter).
 */
export function fitMarks(text: string): string {
  return text.replace(/(\p{M}{4})\p{M}+/gu, '$1');
}
