/** What the server under test and the simulated residents must agree on. Only this host is ever contacted. */
export const HOST = '127.0.0.1';
export const CITY_NUMBER = '+15555550100';
export const AUTH_TOKEN = 'bench-auth-token-0123456789';
