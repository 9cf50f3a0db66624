import { CASE_NUMBER_LENGTH, generateCaseNumber, isValidCaseNumber, normaliseCaseNumber } from '../../cases/caseNumber';

const SAMPLE_SIZE = 500;
const samples = Array.from({ length: SAMPLE_SIZE }, () => generateCaseNumber());

/** Every number that differs from `number` by one digit keyed wrong. */
function singleDigitTypos(number: string): string[] {
  const typos: string[] = [];
  for (let i = 0; i < number.length; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) !== number[i]) typos.push(number.slice(0, i) + d + number.slice(i + 1));
    }
  }
  return typos;
}

/** Every number made by swapping two neighbouring, different digits of `number`. */
function adjacentSwaps(number: string): { swapped: string; pair: string }[] {
  const swaps: { swapped: string; pair: string }[] = [];
  for (let i = 0; i + 1 < number.length; i++) {
    if (number[i] === number[i + 1]) continue;
    swaps.push({ swapped: number.slice(0, i) + number[i + 1] + number[i] + number.slice(i + 2), pair: number[i] + number[i + 1] });
  }
  return swaps;
}

describe('case numbers', () => {
  it('are 8 digits, valid, and do not start with 0', () => {
    expect(CASE_NUMBER_LENGTH).toBe(8);
    for (const number of samples) {
      expect(number).toMatch(/^[1-9]\d{7}$/);
      expect(isValidCaseNumber(number)).toBe(true);
    }
  });

  it('are random, not sequential: practically never repeat', () => {
    expect(new Set(samples).size).toBeGreaterThanOrEqual(SAMPLE_SIZE - 2);
    const sorted = samples.map(Number).sort((a, b) => a - b);
    const consecutive = sorted.filter((n, i) => i > 0 && n - sorted[i - 1] <= 10).length;
    expect(consecutive).toBeLessThan(5);
  });

  it.each([
    ['12345671', true],
    ['48219375', true],
    ['10000004', true],
    ['99999992', true],
    ['12345674', false],
    ['48219378', false],
    ['1234567', false],
    ['123456749', false],
    ['1234 5674', false],
    ['1234-5674', false],
    ['abcdefgh', false],
    ['', false],
  ])('isValidCaseNumber(%j) is %s', (candidate, valid) => {
    expect(isValidCaseNumber(candidate)).toBe(valid);
  });

  it(`catches every single digit keyed wrong, over ${SAMPLE_SIZE} numbers`, () => {
    let checked = 0;
    for (const number of samples) {
      for (const typo of singleDigitTypos(number)) {
        checked++;
        if (isValidCaseNumber(typo)) throw new Error(`${typo} (a typo of ${number}) passes as valid`);
      }
    }
    expect(checked).toBe(SAMPLE_SIZE * 8 * 9);
  });

  it(`catches two neighbouring digits swapped, over ${SAMPLE_SIZE} numbers`, () => {
    let checked = 0;
    for (const number of samples) {
      // Including "09" <-> "90", which a Luhn check digit would let through.
      for (const { swapped, pair } of adjacentSwaps(number)) {
        checked++;
        if (isValidCaseNumber(swapped)) throw new Error(`${swapped} (${number} with "${pair}" swapped) passes as valid`);
      }
    }
    expect(checked).toBeGreaterThan(SAMPLE_SIZE * 5);
  });

  it.each([
    ['4821 9375', '48219375'],
    ['4821-9375', '48219375'],
    [' 4821 - 9375 ', '48219375'],
    ['48 21 93 75', '48219375'],
    ['48219375', '48219375'],
  ])('normaliseCaseNumber(%j) is %j', (typed, digits) => {
    expect(normaliseCaseNumber(typed)).toBe(digits);
  });

  it('a number typed with spaces or hyphens is valid once normalised', () => {
    for (const number of samples.slice(0, 50)) {
      const typed = `${number.slice(0, 4)} - ${number.slice(4)}`;
      expect(isValidCaseNumber(typed)).toBe(false);
      expect(isValidCaseNumber(normaliseCaseNumber(typed))).toBe(true);
    }
  });
});
