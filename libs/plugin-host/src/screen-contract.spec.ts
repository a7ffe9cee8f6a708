import { definePlugin, type ListView, type PluginScreen } from '@app/plugin-sdk';
import { checkPluginDefinition } from './plugin-contract';
import { checkScreens } from './screen-contract';
import { localizeSchema, resolveScreen } from './screen-views';

const route = (id: string, method: 'GET' | 'POST', path: string, action = 'read') => ({
  id,
  method,
  path,
  summary: id,
  permission: { subject: 'notes_note', action },
  handler: async () => null,
});

const plugin = (screens: PluginScreen[]) =>
  definePlugin({
    id: 'notes',
    version: '1.0.0',
    sdk: '^1.0.0',
    name: { en: 'Notes' },
    subjects: { notes_note: ['read', 'write'] },
    routes: [
      route('list_notes', 'GET', '/cases/:caseId/notes'),
      route('get_note', 'GET', '/notes/:noteId'),
      route('add_note', 'POST', '/cases/:caseId/notes', 'write'),
      route('pin_note', 'POST', '/notes/:noteId/pin', 'write'),
    ],
    screens,
  });

const caseNotes: PluginScreen = {
  id: 'case_notes',
  title: { en: 'Notes', fr: 'Notes' },
  placement: ['case'],
  params: ['caseId'],
  view: {
    kind: 'list',
    source: 'list_notes',
    columns: [{ value: 'row.text', label: { en: 'Text' } }],
    empty: { en: 'No note.' },
    open: { screen: 'note', params: { noteId: 'row.id' } },
    actions: [
      {
        id: 'add',
        label: { en: 'Add a note', fr: 'Ajouter une note' },
        route: 'add_note',
        params: { caseId: 'params.caseId' },
        form: { schema: { type: 'object', properties: { text: { type: 'string', 'x-label': { en: 'Text', fr: 'Texte' } } } } },
        done: { en: 'Added.' },
        then: { screen: 'note', params: { noteId: 'result.id' } },
      },
    ],
  },
};
const note: PluginScreen = {
  id: 'note',
  title: { en: 'Note' },
  params: ['noteId'],
  view: {
    kind: 'detail',
    source: 'get_note',
    sections: [{ kind: 'fields', fields: [{ value: 'data.text', label: { en: 'Text' } }] }],
    actions: [
      {
        id: 'pin',
        label: { en: 'Pin' },
        route: 'pin_note',
        params: { noteId: 'data.id' },
        when: { value: 'data.pinned', in: [false] },
        done: { en: 'Pinned.' },
      },
    ],
  },
};

describe('plugin screens: the contract checked when a plugin is loaded', () => {
  it('accepts screens whose routes, parameters, screens and paths all exist', () => {
    expect(checkPluginDefinition(plugin([caseNotes, note]))).toEqual([]);
  });

  it('names each broken reference: unknown route, a GET action, a missing parameter, an unknown screen, a path outside the context', () => {
    const broken: PluginScreen[] = [
      { ...caseNotes, view: { ...caseNotes.view, source: 'list_all' } as PluginScreen['view'] },
      {
        id: 'note',
        title: { en: 'Note' },
        placement: ['menu'],
        view: {
          kind: 'detail',
          source: 'get_note',
          sections: [{ kind: 'fields', fields: [{ value: 'row.text', label: { en: 'Text' } }] }],
          actions: [
            { id: 'pin', label: { en: 'Pin' }, route: 'get_note', params: { noteId: 'data.id' }, done: { en: 'x' } },
            { id: 'add', label: { en: 'Add' }, route: 'add_note', done: { en: 'x' }, then: { screen: 'gone', params: {} } },
          ],
        },
      },
    ];
    expect(checkScreens(plugin([]), broken)).toEqual([
      'screen "case_notes": source "list_all" is not a route of the plugin',
      'screen "case_notes": open: screen "note" takes no parameter noteId',
      'screen "case_notes": action "add": then: screen "note" takes no parameter noteId',
      'screen "note": source "get_note" needs the parameter noteId, which the screen does not take',
      'screen "note": field "row.text" must start with data., params.<a screen parameter>',
      'screen "note": action "pin": route "get_note" is a GET route: actions change something',
      'screen "note": action "add": route "add_note" needs the parameter caseId',
      'screen "note": action "add": then: screen "gone" does not exist',
    ]);
  });

  it('a link section needs a screen that exists, given its parameters; body fields from the context are paths in it', () => {
    const linked: PluginScreen = {
      ...note,
      view: {
        kind: 'detail',
        source: 'get_note',
        sections: [
          { kind: 'link', text: { en: 'All notes of the case' }, screen: 'case_notes', params: { caseId: 'data.caseId' } },
          { kind: 'link', text: { en: 'Elsewhere' }, screen: 'gone', params: {} },
          { kind: 'link', text: { en: 'Same' }, screen: 'note', params: { noteId: 'row.id' } },
        ],
        actions: [
          {
            id: 'pin',
            label: { en: 'Pin' },
            route: 'pin_note',
            params: { noteId: 'data.id' },
            bodyFrom: { by: 'result.user', at: 'data.at' },
            done: { en: 'x' },
          },
        ],
      },
    };
    expect(checkScreens(plugin([]), [caseNotes, linked])).toEqual([
      'screen "note": link: screen "gone" does not exist',
      'screen "note": link: parameter noteId must start with data., params.<a screen parameter>',
      'screen "note": action "pin": body field by must start with data., params.<a screen parameter>',
    ]);
  });

  it('a case page section must take the case; a menu screen takes no parameter', () => {
    const problems = checkScreens(plugin([]), [
      { ...caseNotes, params: [] },
      { ...note, placement: ['menu'] },
    ]);
    expect(problems).toContain('screen "case_notes": a case page section needs the parameter caseId');
    expect(problems).toContain('screen "note": a menu screen cannot take parameters (noteId)');
  });

  it('a list pages by cursor or by offset, with a page size and names for its query and answer', () => {
    const paged = (paging: unknown) => ({ ...caseNotes, view: { ...caseNotes.view, paging } }) as PluginScreen;
    expect(checkScreens(plugin([]), [paged({ next: 'nextCursor', query: 'cursor' }), note])).toEqual([]);
    expect(checkScreens(plugin([]), [paged({ kind: 'offset', query: 'offset', pageSize: 50, limitQuery: 'limit', total: 'total' }), note])).toEqual([]);
    expect(checkScreens(plugin([]), [paged({ kind: 'offset', query: 'offset', pageSize: 0, total: '' }), note])).toEqual([
      'screen "case_notes": paging: pageSize must be a whole number from 1 to 1000',
      'screen "case_notes": paging: total must be a non-empty name',
    ]);
    expect(checkScreens(plugin([]), [paged({ kind: 'cursor', query: 'cursor' }), note])).toEqual([
      'screen "case_notes": paging: next must be a non-empty name',
    ]);
    expect(checkScreens(plugin([]), [paged({ kind: 'pages', query: 'page' }), note])).toEqual(['screen "case_notes": paging: kind must be cursor or offset']);
  });
});

describe('plugin screens: what one user gets', () => {
  const def = plugin([caseNotes, note]);
  const resolve = (may: (id: string) => boolean, locale = 'fr') =>
    resolveScreen(def, caseNotes, {
      text: (t) => t[locale] ?? t.en,
      formSchema: () => ({}),
      may: (r) => may(r.id),
    });

  it('texts in the user language, English where the plugin has no translation, routes as paths to call', () => {
    const view = resolve(() => true)!;
    expect(view.title).toBe('Notes');
    expect(view.view.kind).toBe('list');
    if (view.view.kind !== 'list') return;
    expect(view.view.source).toBe('/api/plugins/notes/cases/:caseId/notes');
    expect(view.view.empty).toBe('No note.');
    expect(view.view.actions.map((a) => [a.label, a.method, a.path])).toEqual([['Ajouter une note', 'POST', '/api/plugins/notes/cases/:caseId/notes']]);
    expect(view.view.actions[0].form).toEqual({ schema: { type: 'object', properties: { text: { type: 'string', title: 'Texte' } } }, answers: false });
  });

  it('tells the web app how the list pages: cursor (the default kind) or offset', () => {
    const withPaging = (paging: NonNullable<ListView['paging']>) =>
      resolveScreen(
        plugin([]),
        { ...caseNotes, view: { ...(caseNotes.view as ListView), paging } },
        { text: (t) => t.en, formSchema: () => ({}), may: () => true },
      );
    const paging = (v: ReturnType<typeof withPaging>) => (v?.view.kind === 'list' ? v.view.paging : undefined);
    expect(paging(withPaging({ next: 'nextCursor', query: 'cursor' }))).toEqual({ kind: 'cursor', next: 'nextCursor', query: 'cursor' });
    const offset = { kind: 'offset', query: 'offset', pageSize: 50, limitQuery: 'limit', total: 'total' } as const;
    expect(paging(withPaging(offset))).toEqual(offset);
  });

  it('no screen without its source route, and no action the user may not take', () => {
    expect(resolve((id) => id !== 'list_notes')).toBeNull();
    const view = resolve((id) => id !== 'add_note')!;
    expect(view.view.actions).toEqual([]);
  });

  it('an enum with x-enumLabels becomes labelled options; x- keywords do not reach the client', () => {
    const schema = localizeSchema(
      {
        type: 'object',
        properties: { p: { type: 'string', enum: ['a', 'b'], 'x-label': { en: 'P' }, 'x-enumLabels': { a: { en: 'Aa' } }, 'x-sensitive': true } },
      },
      (t) => t.en,
    );
    expect(schema).toEqual({
      type: 'object',
      properties: {
        p: {
          type: 'string',
          title: 'P',
          oneOf: [
            { const: 'a', title: 'Aa' },
            { const: 'b', title: 'b' },
          ],
        },
      },
    });
  });
});
