import { deliveryDiff } from './delivery-diff';

describe('deliveryDiff', () => {
  it('adds what was never given, updates newer revisions, deletes what it should no longer run', () => {
    const diff = deliveryDiff(
      [
        { generatorName: 'same', generatorId: '1', revision: 2 },
        { generatorName: 'changed', generatorId: '2', revision: 1 },
        { generatorName: 'gone', generatorId: null, revision: 1 },
        { generatorName: 'moved', generatorId: '4', revision: 1 },
      ],
      [
        { id: '1', name: 'same', revision: 2 },
        { id: '2', name: 'changed', revision: 3 },
        { id: '5', name: 'new', revision: 1 },
      ],
    );
    expect(diff.added.map((g) => g.name)).toEqual(['new']);
    expect(diff.updated.map((g) => g.name)).toEqual(['changed']);
    expect(diff.deleted).toEqual(['gone', 'moved']);
  });

  it('treats a rename as delete of the old name plus add of the new', () => {
    const diff = deliveryDiff([{ generatorName: 'old', generatorId: '1', revision: 1 }], [{ id: '1', name: 'new', revision: 2 }]);
    expect(diff).toEqual({ added: [{ id: '1', name: 'new', revision: 2 }], updated: [], deleted: ['old'] });
  });

  it('replaces in place another generator that takes a name the collector runs', () => {
    const diff = deliveryDiff([{ generatorName: 'x', generatorId: null, revision: 4 }], [{ id: '2', name: 'x', revision: 1 }]);
    expect(diff).toEqual({ added: [], updated: [{ id: '2', name: 'x', revision: 1 }], deleted: [] });
  });
});
