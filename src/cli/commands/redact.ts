/** The URL without its password, for logs (src/common/redact.ts). */
export { redactUrl as redact } from '../../common/redact';
