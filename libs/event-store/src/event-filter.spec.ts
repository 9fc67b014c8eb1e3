import { matchesEventFilter } from './event-filter.js';

describe('matchesEventFilter', () => {
  it('matches everything without a filter', () => {
    expect(matchesEventFilter(undefined, 'file-1', 'FileCreated')).toBe(true);
    expect(matchesEventFilter({ streamPrefixes: [], eventTypes: [] }, 'file-1', 'X')).toBe(true);
  });

  it.each([
    [{ streamPrefixes: ['file-', 'share-'] }, 'share-1', 'ShareCreated', true],
    [{ streamPrefixes: ['file-'] }, 'share-1', 'ShareCreated', false],
    [{ eventTypes: ['FileCreated'] }, 'file-1', 'FileCreated', true],
    [{ eventTypes: ['FileCreated'] }, 'file-1', 'FileCreatedLater', false],
    [{ streamPrefixes: ['file-'], eventTypes: ['FileCreated'] }, 'file-1', 'FileRenamed', false],
    [{ streamPrefixes: ['file-'], eventTypes: ['FileRenamed'] }, 'file-1', 'FileRenamed', true],
  ])('applies %o to %s %s', (filter, streamId, type, expected) => {
    expect(matchesEventFilter(filter, streamId, type)).toBe(expected);
  });
});
