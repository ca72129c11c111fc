/**
 * The one error the benchmark readers throw for a bad file: it names the file and the line so
 * that a user can open the file at the fault. The CLI prints `message` as its one-line error.
 */
import { readFileSync } from 'node:fs';

export class InstanceFormatError extends Error {
  readonly file: string;
  /** 1-based line number, or null when the fault is about the file as a whole. */
  readonly line: number | null;

  constructor(file: string, line: number | null, problem: string) {
    super(line === null ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = 'InstanceFormatError';
    this.file = file;
    this.line = line;
  }
}

/** Reads a benchmark file, turning a missing or unreadable file into an InstanceFormatError. */
export function readInstanceText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InstanceFormatError(file, null, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
}

/** Numbers as the benchmark files write them (integers, decimals, exponents, signs). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Splits a line into numbers, or returns null when any token is not a number. */
export function numericTokens(line: string): number[] | null {
  const tokens = line
    .trim()
    .split(/\s+/)
    .filter((token) => token.length > 0);
  const values: number[] = [];
  for (const token of tokens) {
    if (!NUMBER.test(token)) return null;
    values.push(Number(token));
  }
  return values;
}

/** The file's lines without their terminators (the Solomon files use CRLF). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
