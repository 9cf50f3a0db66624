import { randomInt } from 'node:crypto';

/**
 * Case numbers are 8 digits: 7 random ones and a Damm check digit, so any single digit keyed wrong and any
 * two neighbouring digits swapped on a phone pad are caught instead of showing somebody else's case.
 * Random, not sequential, so numbers cannot be guessed.
 */
export const CASE_NUMBER_LENGTH = 8;

export function generateCaseNumber(): string {
  const body = String(randomInt(1_000_000, 10_000_000));
  return body + checkDigit(body);
}

export function isValidCaseNumber(candidate: string): boolean {
  return /^\d{8}$/.test(candidate) && dammInterim(candidate) === 0;
}

/** Accepts a number typed with spaces or hyphens ("4821-9375", "4821 9375"); returns digits only. */
export function normaliseCaseNumber(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

/** 6 to 10 digits, possibly grouped with spaces or hyphens, anywhere in a message ("it's #4821 9375."). */
const TYPED_CASE_NUMBER = /(?<!\d)\d(?:[\s-]?\d){5,9}(?!\d)/;

/** The case number a resident typed somewhere in a message, digits only; undefined when there is none. */
export function findCaseNumber(text: string): string | undefined {
  const found = TYPED_CASE_NUMBER.exec(text);
  return found ? normaliseCaseNumber(found[0]) : undefined;
}

/** The totally anti-symmetric quasigroup of order 10 used by the Damm algorithm. */
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function dammInterim(digits: string): number {
  let interim = 0;
  for (const d of digits) interim = DAMM[interim][Number(d)];
  return interim;
}

function checkDigit(digits: string): string {
  return String(dammInterim(digits));
}
