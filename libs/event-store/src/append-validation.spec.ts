import { randomUUID } from 'node:crypto';
import { measureAppendBytes, validateAppend } from './append-validation.js';
import { AppendTooLargeError, InvalidAppendError } from './event-store.errors.js';
import { type EventData, MAX_APPEND_BYTES } from './event-store.port.js';

const metadata = {
  tenantId: 't',
  actor: { type: 'system' as const, id: 'spec' },
  correlationId: 'c',
  causationId: 'c',
  occurredAt: '2026-01-01T00:00:00.000Z',
  schemaVersion: 1,
};

function event(overrides: Partial<EventData> = {}): EventData {
  return { id: randomUUID(), type: 'FileCreated', data: { n: 1 }, metadata, ...overrides };
}

describe('measureAppendBytes', () => {
  it('counts JSON bytes and two per type character', () => {
    const single = event({ type: 'Ab', data: { name: 'é' } });
    const expected =
      Buffer.byteLength(JSON.stringify(single.data)) +
      Buffer.byteLength(JSON.stringify(metadata)) +
      4;
    expect(measureAppendBytes([single])).toBe(expected);
  });

  it('sums every event', () => {
    const events = [event(), event()];
    expect(measureAppendBytes(events)).toBe(2 * measureAppendBytes([events[0]]));
  });
});

describe('validateAppend', () => {
  it('accepts a valid append', () => {
    expect(() => validateAppend('file-1', [event(), event()])).not.toThrow();
  });

  it.each<[string, string, EventData[]]>([
    ['an empty stream id', '', [event()]],
    ['a reserved stream id', '$settings', [event()]],
    ['no events', 'file-1', []],
    ['an id that is not a UUID', 'file-1', [event({ id: 'event-1' })]],
    ['an uppercase UUID', 'file-1', [event({ id: randomUUID().toUpperCase() })]],
    ['an empty type', 'file-1', [event({ type: '' })]],
    ['a reserved type', 'file-1', [event({ type: '$metadata' })]],
    ['U+0000 in data', 'file-1', [event({ data: { name: 'a\u0000b' } })]],
  ])('rejects %s', (_case, streamId, events) => {
    expect(() => validateAppend(streamId, events)).toThrow(InvalidAppendError);
  });

  it('rejects an id used twice', () => {
    const repeated = event();
    expect(() => validateAppend('file-1', [repeated, repeated])).toThrow(InvalidAppendError);
  });

  it('accepts an escaped backslash before u0000', () => {
    expect(() => validateAppend('file-1', [event({ data: { text: '\\u0000' } })])).not.toThrow();
  });

  it('rejects an append over the limit', () => {
    const padding = 'x'.repeat(MAX_APPEND_BYTES);
    expect(() => validateAppend('file-1', [event({ data: { padding } })])).toThrow(
      AppendTooLargeError,
    );
  });
});
