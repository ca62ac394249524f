/**
 * The one canonical serialisation of a record's content, for hashing and signing: the JSON
 * Canonicalization Scheme (RFC 8785) — object members sorted by key, no white space, numbers in
 * their shortest round-trip form, strings escaped one way — applied to the value as JSON carries
 * it (dates as ISO 8601 text, bigints as numbers, typed arrays as arrays; see core/json.ts).
 *
 * Why a standard scheme: a record's hash must come out the same whoever recomputes it, in
 * whatever language, years later; JSON.stringify keeps insertion order, so two equal records
 * built in a different order would hash differently.
 *
 * @see RFC 8785, JSON Canonicalization Scheme (JCS).
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AppError } from '../core/errors.js';
import { jsonRoundTrip } from '../core/json.js';

/**
 * The canonical JSON text of a value.
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 * @throws AppError `not_canonical` when the value has no JSON form (undefined at the top).
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(jsonRoundTrip(value));
  if (text === undefined) throw new AppError('not_canonical', 'the record has no content to serialise', 'report this as a bug: a record kind returned undefined');
  return text;
}

/** SHA-256 of UTF-8 text, lower-case hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * SHA-256 of a value's canonical JSON: the content hash a signature binds to.
 *
 * @example contentSha256({ a: 1 }) === sha256Hex('{"a":1}')
 */
export function contentSha256(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
