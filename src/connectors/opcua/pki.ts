/**
 * The client's PKI folder of one OPC UA source: causeway's own application certificate, and
 * the server certificates an administrator has trusted or that were rejected on first contact.
 *
 * A server certificate is never trusted automatically (OPC UA Part 2, 8.1; Part 4, 6.1.3):
 * the first connection to a new server fails with `opcua_certificate_untrusted` and leaves the
 * certificate in `rejected/`; an administrator compares its thumbprint with the one the server
 * shows and accepts it with {@link trustServerCertificate} (the `trust` step).
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { AppError } from '../../core/errors.js';

/** A server certificate known to a source's PKI. */
export interface ServerCertificate {
  /** SHA-1 thumbprint of the DER certificate, 40 lower-case hex digits (as OPC UA tools show it). */
  thumbprint: string;
  subject: string;
  /** Application URI and host names the certificate is issued for. */
  subjectAltName: string;
  validFrom: Date;
  validTo: Date;
  status: 'trusted' | 'rejected';
}

/**
 * Opens (and on first use creates) the PKI folder, with causeway's own application
 * certificate. File watchers are off: the folder is read when a connection checks a certificate.
 */
export async function openPki(folder: string): Promise<OPCUACertificateManager> {
  const pki = new OPCUACertificateManager({ rootFolder: folder, automaticallyAcceptUnknownCertificate: false, disableFileWatchers: true, name: 'causeway' });
  try {
    await pki.initialize();
  } catch (e) {
    throw new AppError('opcua_pki', `cannot open the OPC UA PKI folder '${folder}': ${(e as Error).message}`, 'check that the folder is writable by the user running causeway');
  }
  return pki;
}

/** The server certificates of a PKI folder, trusted and rejected (pending an administrator's decision). */
export function listServerCertificates(folder: string): ServerCertificate[] {
  return [...readCertificates(path.join(folder, 'trusted', 'certs'), 'trusted'), ...readCertificates(path.join(folder, 'rejected'), 'rejected')];
}

/**
 * Trusts the server certificate with this thumbprint (it must have been seen, so it is in
 * `rejected/`, or be trusted already). Returns the certificate as trusted.
 *
 * @param thumbprint - SHA-1 thumbprint, hex, with or without colons, any case.
 * @throws AppError `opcua_certificate_unknown` when no certificate of the folder has it.
 */
export async function trustServerCertificate(folder: string, thumbprint: string): Promise<ServerCertificate> {
  const wanted = normaliseThumbprint(thumbprint);
  const cert = listServerCertificates(folder).find((c) => c.thumbprint === wanted);
  if (!cert) {
    const pending = listServerCertificates(folder).filter((c) => c.status === 'rejected').map((c) => c.thumbprint);
    throw new AppError(
      'opcua_certificate_unknown',
      `no server certificate with thumbprint '${thumbprint}' has been seen by this source`,
      pending.length ? `certificates waiting for a decision: ${pending.join(', ')}` : 'connect once (`test` the source) so the server presents its certificate, then trust it',
    );
  }
  if (cert.status === 'trusted') return cert;
  const pki = await openPki(folder);
  try {
    await pki.trustCertificate(derOf(path.join(folder, 'rejected'), wanted));
  } finally {
    await pki.dispose();
  }
  return { ...cert, status: 'trusted' };
}

/** Normalises a thumbprint to 40 lower-case hex digits. */
export function normaliseThumbprint(thumbprint: string): string {
  const hex = thumbprint.replace(/[:\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new AppError('opcua_certificate_unknown', `'${thumbprint}' is not a certificate thumbprint`, 'give the 40 hex digits of the SHA-1 thumbprint, e.g. 3f2a…, as `sources list` shows it');
  return hex;
}

/** The SHA-1 thumbprint of a DER certificate, 40 lower-case hex digits. */
export function thumbprintOf(der: Buffer): string {
  return new X509Certificate(der).fingerprint.replace(/:/g, '').toLowerCase();
}

function readCertificates(dir: string, status: ServerCertificate['status']): ServerCertificate[] {
  if (!existsSync(dir)) return [];
  const out: ServerCertificate[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!/\.(pem|der)$/i.test(file)) continue;
    let x: X509Certificate;
    try {
      x = new X509Certificate(readFileSync(path.join(dir, file)));
    } catch {
      continue; // not a certificate (a lock file, a partial write): the PKI's own files live here too
    }
    out.push({
      thumbprint: x.fingerprint.replace(/:/g, '').toLowerCase(),
      subject: x.subject.replace(/\n/g, ', '),
      subjectAltName: x.subjectAltName ?? '',
      validFrom: new Date(x.validFrom),
      validTo: new Date(x.validTo),
      status,
    });
  }
  return out;
}

function derOf(dir: string, thumbprint: string): Buffer {
  for (const file of readdirSync(dir)) {
    if (!/\.(pem|der)$/i.test(file)) continue;
    try {
      const x = new X509Certificate(readFileSync(path.join(dir, file)));
      if (x.fingerprint.replace(/:/g, '').toLowerCase() === thumbprint) return x.raw;
    } catch {
      continue;
    }
  }
  throw new AppError('opcua_certificate_unknown', `the certificate ${thumbprint} left the rejected folder while it was being trusted`, 'list the certificates again and retry');
}
