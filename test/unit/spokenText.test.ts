import { spokenText } from '../../channels/voice/spokenText';

describe('spokenText: words written for screens, made fit to hear', () => {
  it('reads a case number digit by digit, in two groups of four, even at the end of a sentence', () => {
    expect(spokenText('Your case number is 48219375.')).toBe('Your case number is 4 8 2 1, 9 3 7 5.');
    expect(spokenText('Case 4821-9375: Pothole')).toBe('Case 4 8 2 1, 9 3 7 5: Pothole.');
  });

  it('reads phone numbers and permit numbers as digits a caller can write down', () => {
    expect(spokenText('Call 905-555-0311 weekdays.')).toBe('Call 9 0 5, 5 5 5, 0 3 1 1 weekdays.');
    expect(spokenText('Call (905) 555-0311.')).toBe('Call 9 0 5, 5 5 5, 0 3 1 1.');
    expect(spokenText("Call the gas utility's emergency line at 1-800-555-0177.")).toBe("Call the gas utility's emergency line at 1, 8 0 0, 5 5 5, 0 1 7 7.");
    expect(spokenText('Or +1 905 555 0311.')).toBe('Or 1, 9 0 5, 5 5 5, 0 3 1 1.');
    expect(spokenText('Permit BP-2026-0142 is issued.')).toBe('Permit B P, 2 0 2 6, 0 1 4 2 is issued.');
  });

  it('never reads a link aloud, nor the label left in front of it', () => {
    expect(spokenText('Dogs need a licence.\nMore: https://elmhurst.example/dogs')).toBe('Dogs need a licence.');
    expect(spokenText('See www.elmhurst.example/taxes for dates.')).toBe('See for dates.');
    expect(spokenText('Report online at elmhurst.example/report anytime.')).toBe('Report online at anytime.');
  });

  it('turns lines into sentences and drops quotes and emoji', () => {
    expect(spokenText('Please check your report:\nPothole at 5 Elm St\n"deep hole" 👍')).toBe('Please check your report: Pothole at 5 Elm St. deep hole.');
  });

  it('leaves ordinary numbers, years, times and amounts as they are', () => {
    expect(spokenText('Open 8:30 to 4:30 since 2026; fee $1,250.50 for 3 bins.')).toBe('Open 8:30 to 4:30 since 2026; fee $1,250.50 for 3 bins.');
  });
});
