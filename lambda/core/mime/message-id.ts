import { randomUUID } from 'node:crypto';
import { ValidationError } from '../errors';

const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/;
const DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** A globally unique Message-ID under `domain` (the sender's domain). */
export function createMessageId(domain: string): string {
  if (!DOMAIN.test(domain)) {
    throw new ValidationError('Message-ID domain', `"${domain}" is not a host name`);
  }
  return `<${randomUUID()}@${domain}>`;
}

/** The domain of a bare address, for createMessageId. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

export function assertMessageId(messageId: string): void {
  if (!MESSAGE_ID.test(messageId)) {
    throw new ValidationError('Message-ID', 'must look like <unique@example.com>');
  }
}
