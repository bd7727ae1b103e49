/** Validation messages shared by the service models' parameter classes. */
export const SHARE = { message: 'must be a number between 0 and 1' };
export const POSITIVE = { message: 'must be a number greater than 0' };
/** For a number that may be 0 (`@Min(0, ...)`): POSITIVE's "greater than 0" sent users to try 0.001. */
export const NON_NEGATIVE = { message: 'must be a number, 0 or more' };
export const WHOLE = { message: 'must be a whole number, 1 or more' };
