/**
 * Readers of the best-known-solution tables shipped with the benchmarks (data/bench/<suite>/bks.csv).
 * Each suite has its own columns and conventions (see data/bench/README.md); a result is compared
 * only with the column of its own convention. A malformed row is an error naming file and line.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { InstanceFormatError, readInstanceText } from './instance-error';

const number = z.coerce.number().refine(Number.isFinite, 'not a number');
const optionalNumber = z.string().transform((text, context) => {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a number` });
    return z.NEVER;
  }
  return value;
});

const solomonRow = z.object({
  instance: z.string().min(1),
  bks_vehicles: number,
  bks_distance: number,
  distmin_vehicles: number,
  distmin_distance: number,
  dimacs_distance_trunc1: number,
});

const hombergerRow = z.object({
  instance: z.string().min(1),
  bks_vehicles: number,
  bks_distance: number,
  dimacs_vehicles: number,
  dimacs_distance_trunc1: number,
});

const toptwRow = z.object({
  instance: z.string().min(1),
  m: number,
  customers: number,
  tmax: number,
  bks_profit: optionalNumber,
  status: z.string(),
});

const pcvrptwRow = z.object({
  instance: z.string().min(1),
  bks_cost: number,
  routes: number,
  clients_served: number,
  convention: z.string(),
});

export type SolomonBks = z.infer<typeof solomonRow>;
export type HombergerBks = z.infer<typeof hombergerRow>;
export type ToptwBks = z.infer<typeof toptwRow>;
export type PcvrptwBks = z.infer<typeof pcvrptwRow>;

function readTable<T>(file: string, schema: z.ZodType<T>): T[] {
  const records = parse<{ record: Record<string, string>; info: { lines: number } }>(readInstanceText(file), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  });
  return records.map(({ record, info }) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InstanceFormatError(file, info.lines, `column ${issue.path.join('.') || '?'}: ${issue.message}`);
    }
    return parsed.data;
  });
}

export const readSolomonBks = (file: string): SolomonBks[] => readTable(file, solomonRow);
export const readHombergerBks = (file: string): HombergerBks[] => readTable(file, hombergerRow);
export const readToptwBks = (file: string): ToptwBks[] => readTable(file, toptwRow);
export const readPcvrptwBks = (file: string): PcvrptwBks[] => readTable(file, pcvrptwRow);
