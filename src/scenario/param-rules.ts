/** Validation messages shared by the service models' parameter classes. */
export const SHARE = { message: 'must be a number between 0 and 1' };
export const POSITIVE = { message: 'must be a number greater than 0' };
export const WHOLE = { message: 'must be a whole number, 1 or more' };
