import { DataType, DataValue, StatusCodes } from 'node-opcua-client';
import { describe, expect, it } from 'vitest';
import { parseOpcuaConfig } from './config.js';
import { withoutOverflow } from './ingest-sink.js';
import { convertDataValue, describeStatus, hasOverflow, severityOf } from './samples.js';

const base = { endpoint: 'opc.tcp://plc1:4840', pki: './pki/plc1', site: 'S1', tags: [{ nodeId: 'ns=2;s=T1', tag: 'T1', equipment: 'D1' }] };
const codeOf = (f: () => unknown) => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('OPC UA source configuration', () => {
  it('defaults to SignAndEncrypt with Basic256Sha256', () => {
    expect(parseOpcuaConfig(base).security).toEqual({ mode: 'SignAndEncrypt', policy: 'Basic256Sha256' });
    expect(parseOpcuaConfig({ ...base, security: { policy: 'Aes256_Sha256_RsaPss' } }).security).toEqual({ mode: 'SignAndEncrypt', policy: 'Aes256_Sha256_RsaPss' });
  });

  it('gives SecurityMode None only when it is named', () => {
    expect(codeOf(() => parseOpcuaConfig({ ...base, security: { policy: 'None' } }))).toBe('opcua_insecure');
    expect(codeOf(() => parseOpcuaConfig({ ...base, security: { mode: 'Sign', policy: 'None' } }))).toBe('opcua_insecure');
    expect(parseOpcuaConfig({ ...base, security: { mode: 'None' } }).security).toEqual({ mode: 'None', policy: 'None' });
  });

  it('refuses the deprecated SHA-1 policies', () => {
    expect(codeOf(() => parseOpcuaConfig({ ...base, security: { policy: 'Basic256' } }))).toBe('opcua_insecure');
    expect(codeOf(() => parseOpcuaConfig({ ...base, security: { policy: 'Basic128Rsa15' } }))).toBe('opcua_insecure');
  });

  it('names the bad field and echoes its value', () => {
    expect(() => parseOpcuaConfig({ ...base, endpoint: 'http://plc1' })).toThrow(`OPC UA source: endpoint is not an opc.tcp:// URL (value "http://plc1")`);
    expect(() => parseOpcuaConfig({ ...base, tags: [...base.tags, { nodeId: 'ns=2;s=T2', tag: 'T1', equipment: 'D1' }] })).toThrow("tag 'T1' is mapped twice (ns=2;s=T1 and ns=2;s=T2)");
  });
});

describe('OPC UA values to samples', () => {
  const at = new Date('2024-03-01T08:00:00.123Z');
  const dv = (value: unknown, dataType: DataType, status = StatusCodes.Good, picoseconds = 0) =>
    new DataValue({ value: { dataType, value }, statusCode: status, sourceTimestamp: at, sourcePicoseconds: picoseconds });

  it('keeps value, status and the source time to the microsecond', () => {
    const c = convertDataValue(dv(21.5, DataType.Double, StatusCodes.Good, 456_000_000), 'T', 'ns=2;s=T', 'subscription', 0);
    expect(c).toMatchObject({ kind: 'sample', overflow: false, sample: { value: 21.5, status: 0, quality: 0, timeUs: Date.parse('2024-03-01T08:00:00.123Z') * 1000 + 456 } });
    expect(convertDataValue(dv(true, DataType.Boolean), 'T', 'i', 'history', 0)).toMatchObject({ sample: { value: 1 } });
    expect(convertDataValue(dv(7, DataType.Int32, StatusCodes.UncertainLastUsableValue), 'T', 'i', 'history', 0)).toMatchObject({ sample: { quality: 1, status: 0x40900000 } });
  });

  it('refuses a Bad status with its name and code', () => {
    const c = convertDataValue(dv(0, DataType.Double, StatusCodes.BadSensorFailure), 'T', 'ns=2;s=T', 'subscription', 0);
    expect(c.kind).toBe('refused');
    expect(c.kind === 'refused' && c.refused.reason).toBe("the server reports BadSensorFailure (0x808C0000) for tag 'T' (ns=2;s=T) at 2024-03-01T08:00:00.123Z; nothing is stored for it");
  });

  it('reads severity and the Overflow bit from the code (Part 4, 7.39)', () => {
    expect([severityOf(0), severityOf(0x40000000), severityOf(0x80000000), severityOf(0xc0000000)]).toEqual([0, 1, 2, 2]);
    expect(hasOverflow(0x480)).toBe(true);
    expect(hasOverflow(0x080)).toBe(false); // Overflow is defined only with InfoType DataValue
    expect(describeStatus(0x808c0000)).toBe('BadSensorFailure (0x808C0000)');
    // Stored without the delivery's Overflow bit; other info bits stay (0x500: DataValue, LimitBits low).
    expect([withoutOverflow(0x480), withoutOverflow(0x580), withoutOverflow(0x40000480), withoutOverflow(0x80)]).toEqual([0, 0x500, 0x40000000, 0x80]);
  });
});
