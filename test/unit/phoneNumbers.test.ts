import { displayPhoneNumber, isReachableNumber, parsePhoneNumber } from '../../channels/phoneNumbers';

describe('phone numbers residents give', () => {
  it.each([
    ['289 555 1234', '+12895551234'],
    ['(289) 555-1234', '+12895551234'],
    ['1-289-555-1234', '+12895551234'],
    ['2895551234', '+12895551234'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%j is %s', (typed, e164) => {
    expect(parsePhoneNumber(typed)).toBe(e164);
  });

  it.each(['555 1234', '089 555 1234', '289 155 1234', 'call me', '12345678'])('%j is not a number to call', (typed) => {
    expect(parsePhoneNumber(typed)).toBeUndefined();
  });

  it('shows a North American number the way residents write it', () => {
    expect(displayPhoneNumber('+12895551234')).toBe('289-555-1234');
    expect(displayPhoneNumber('+442079460958')).toBe('+442079460958');
  });

  it('cannot call back a hidden number', () => {
    expect(isReachableNumber('+12895551234')).toBe(true);
    for (const hidden of ['+266696687', '+7378742833', 'Anonymous', '', undefined]) expect(isReachableNumber(hidden)).toBe(false);
  });
});
