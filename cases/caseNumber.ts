import { randomInt } from 'node:crypto';

/**
 * Case numbers are 8 digits: 7 random ones and a Luhn check digit, so a digit keyed wrong on a phone pad
 * is caught instead of showing somebody else's case. Random, not sequential, so numbers cannot be guessed.
 */
export const CASE_NUMBER_LENGTH = 8;

export function generateCaseNumber(): string {
  const body = String(randomInt(1_000_000, 10_000_000));
  return body + luhnCheckDigit(body);
}

export function isValidCaseNumber(candidate: string): boolean {
  return /^\d{8}$/.test(candidate) && luhnCheckDigit(candidate.slice(0, -1)) === candidate.slice(-1);
}

/** Accepts a number typed with spaces or hyphens ("4821-9375", "4821 9375"); returns digits only. */
export function normaliseCaseNumber(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
