/** Turn-by-turn text for one leg, from OSRM v5 steps, through osrm-text-instructions (English). */
import osrmTextInstructions from 'osrm-text-instructions';
import type { OsrmLeg } from './routeSchema';

const compiler = osrmTextInstructions('v5');

export interface Instruction {
  text: string;
  /** Metres driven after the manoeuvre, until the next one. */
  distance: number;
}

export function legInstructions(leg: OsrmLeg, legIndex: number, legCount: number, destinationName?: string): Instruction[] {
  return leg.steps.map((step) => ({
    text: compiler.compile(
      'en',
      { ...step, mode: step.mode ?? 'driving', name: step.name ?? '' },
      {
        legIndex,
        legCount,
        waypointName: destinationName,
      },
    ),
    distance: step.distance,
  }));
}
