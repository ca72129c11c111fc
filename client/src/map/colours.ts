/** One colour per officer (or crew), stable for the day: chosen for contrast on a light map and for colour-blind readers (Okabe-Ito order). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7A5195', '#000000'];

export function routeColour(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`No colour for route ${index}`);
  return PALETTE[index % PALETTE.length];
}
