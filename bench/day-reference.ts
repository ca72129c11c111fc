/**
 * `nice npx tsx bench/day-reference.ts --instance NAME --seed N --time-limit SECONDS [--out DIR]`:
 * one long run on a day instance, for its reference value (data/bench/day/references.csv keeps
 * the best of several seeds). Writes DIR/NAME-seedN.json: value, checker verdict, iterations,
 * wall and CPU seconds (the machine is shared: CPU time says how much search the run really got),
 * the solution, and the command.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSolution } from '../solver/vrp/checker';
import { solve } from '../solver/vrp/solve';
import { machineDescription } from './vrp-report';
import { dayValue, readDayInstance } from './vrp-day';

const { values } = parseArgs({
  options: { instance: { type: 'string' }, seed: { type: 'string' }, 'time-limit': { type: 'string' }, out: { type: 'string' } },
});
if (!values.instance || !values.seed || !values['time-limit']) {
  console.error('usage: npx tsx bench/day-reference.ts --instance NAME --seed N --time-limit SECONDS [--out DIR]');
  process.exit(2);
}
const seed = Number(values.seed);
const seconds = Number(values['time-limit']);
const instance = readDayInstance(values.instance);
const cpu0 = process.cpuUsage();
const outcome = solve(instance.problem, { seed, timeLimitMs: seconds * 1000 });
const cpu = process.cpuUsage(cpu0);
const check = checkSolution(instance.problem, outcome.solution);
const out = values.out ?? 'bench/results/day-reference';
mkdirSync(out, { recursive: true });
const record = {
  instance: values.instance,
  seed,
  timeLimitSeconds: seconds,
  feasible: check.feasible,
  value: dayValue(check),
  prize: check.prize,
  miles: check.distance / 1609.344,
  iterations: outcome.iterations,
  wallSeconds: outcome.elapsedMs / 1000,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  command: `nice npx tsx bench/day-reference.ts --instance ${values.instance} --seed ${seed} --time-limit ${seconds}`,
  machine: machineDescription(),
  solution: outcome.solution,
};
writeFileSync(join(out, `${values.instance}-seed${seed}.json`), `${JSON.stringify(record)}\n`);
console.log(
  `${values.instance} seed ${seed}: value ${record.value.toFixed(2)}, feasible ${check.feasible}, ${record.iterations} iterations, ${record.cpuSeconds.toFixed(0)} s CPU of ${record.wallSeconds.toFixed(0)} s`,
);
