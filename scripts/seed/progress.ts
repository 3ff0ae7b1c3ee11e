/**
 * What a demo load reports as it goes: the phase it is in (`communities`, `records`,
 * `incidents`, `hazards`, `archive`) and how far into it, in that phase's own units. `npm start`
 * shows it; tests pass nothing.
 */
export type SeedProgress = (phase: SeedPhase, done: number, total: number) => void;

export type SeedPhase = 'communities' | 'records' | 'incidents' | 'hazards' | 'archive';

export const quietly: SeedProgress = () => undefined;

/** A counter over one phase: `tick()` after each unit of work, whatever its outcome. */
export function phaseCounter(progress: SeedProgress, phase: SeedPhase, total: number): { tick: (units?: number) => void } {
  let done = 0;
  progress(phase, done, total);
  return {
    tick: (units = 1) => {
      done += units;
      progress(phase, done, total);
    },
  };
}
